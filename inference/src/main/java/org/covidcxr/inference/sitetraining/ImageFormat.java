package org.covidcxr.inference.sitetraining;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The container of a site image, sniffed from its first bytes (file names at sites are unreliable). */
public enum ImageFormat {
    DICOM("dcm"),
    PNG("png"),
    JPEG("jpg"),
    OTHER("bin");

    private final String extension;

    ImageFormat(String extension) {
        this.extension = extension;
    }

    /** Extension of the dataset copy. */
    public String extension() {
        return extension;
    }

    static ImageFormat sniff(Path file) throws IOException {
        byte[] head = new byte[132];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 8 && Arrays.equals(Arrays.copyOf(head, 8),
                new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})) {
            return PNG;
        }
        if (n >= 3 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8 && (head[2] & 0xff) == 0xff) {
            return JPEG;
        }
        // Part 10 files carry "DICM" at 128; files without the preamble (old CR) are left to the reader to judge.
        if (n == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
            return DICOM;
        }
        return OTHER;
    }
}
