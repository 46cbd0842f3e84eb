package org.covidcxr.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a file is, judged from its first bytes rather than its name (hospitals send ".dcm" PDFs and extensionless DICOM). */
enum FileKind {
    EMPTY, DICOM, CUT_IN_PREAMBLE, PNG, JPEG, PDF, OTHER;

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private static final int HEAD = 132;

    static FileKind of(Path file) throws IOException {
        byte[] head = new byte[HEAD];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return of(head, n);
    }

    /** Judged from the first bytes of a file already in memory. */
    static FileKind of(byte[] file) {
        return of(file, Math.min(file.length, HEAD));
    }

    /** @param n how many of {@code head}'s bytes are the file's (at most 132) */
    private static FileKind of(byte[] head, int n) {
        if (n == 0) {
            return EMPTY;
        }
        if (n == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
            return DICOM;
        }
        if (startsWith(head, n, PNG_MAGIC)) {
            return PNG;
        }
        if (n >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return JPEG;
        }
        if (startsWith(head, n, "%PDF".getBytes(StandardCharsets.US_ASCII))) {
            return PDF;
        }
        if (looksLikeBareDataSet(head, n)) {
            return DICOM;
        }
        return n < 132 && cutInPreamble(head, n) ? CUT_IN_PREAMBLE : OTHER;
    }

    /** The usual all-zero 128-byte preamble, possibly followed by the start of "DICM", and nothing more. */
    private static boolean cutInPreamble(byte[] head, int n) {
        for (int i = 0; i < n; i++) {
            byte expected = i < 128 ? 0 : (byte) "DICM".charAt(i - 128);
            if (head[i] != expected) {
                return false;
            }
        }
        return true;
    }

    /**
     * A data set without preamble or meta header (old CR exports) starts with a low group, little endian, followed by
     * either an explicit VR of two capital letters or an implicit 4-byte length.
     */
    private static boolean looksLikeBareDataSet(byte[] b, int n) {
        if (n < 8) {
            return false;
        }
        int group = (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
        int element = (b[2] & 0xFF) | (b[3] & 0xFF) << 8;
        boolean plausibleGroup = group == 0x0002 || group == 0x0008;
        boolean explicitVr = Character.isUpperCase(b[4]) && Character.isUpperCase(b[5]);
        long implicitLength = (b[4] & 0xFFL) | (b[5] & 0xFFL) << 8 | (b[6] & 0xFFL) << 16 | (b[7] & 0xFFL) << 24;
        return plausibleGroup && element < 0x1000 && (explicitVr || implicitLength < 0x10000);
    }

    private static boolean startsWith(byte[] head, int n, byte[] magic) {
        if (n < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
