package org.covidcxr.dicom;

import static org.covidcxr.dicom.ImageReadException.Problem.TOO_LARGE;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** A whole file read into memory through one open, refused before reading when it is absurdly large. */
final class FileBytes {
    private FileBytes() {
    }

    /** @param limit the most bytes the file may hold (well under the 2 GiB a Java array can) */
    static byte[] read(Path file, long limit) throws IOException, IntakeProblem {
        try (SeekableByteChannel channel = Files.newByteChannel(file);
             InputStream in = Channels.newInputStream(channel)) {
            return read(in, channel.size(), limit);
        }
    }

    /**
     * The whole of {@code in}, whose length was listed as {@code size}.
     *
     * @param limit the most bytes the file may hold (well under the 2 GiB a Java array can)
     */
    static byte[] read(InputStream in, long size, long limit) throws IOException, IntakeProblem {
        if (size > limit) {
            throw tooLarge(size, limit);
        }
        byte[] bytes = new byte[(int) Math.max(0, size)];
        int n = in.readNBytes(bytes, 0, bytes.length);
        // Usually nothing: only a file still being written grows after its size was taken.
        byte[] rest = in.readNBytes((int) (limit - n) + 1);
        if (n + (long) rest.length > limit) {
            throw tooLarge(n + (long) rest.length, limit);
        }
        if (n == bytes.length && rest.length == 0) {
            return bytes;
        }
        byte[] all = Arrays.copyOf(bytes, n + rest.length);
        System.arraycopy(rest, 0, all, n, rest.length);
        return all;
    }

    private static IntakeProblem tooLarge(long size, long limit) {
        return new IntakeProblem(TOO_LARGE, String.format("the file is %d MiB, more than the %d MiB this workstation "
                + "opens. It is not a chest radiograph or it is damaged.", size >> 20, limit >> 20));
    }
}
