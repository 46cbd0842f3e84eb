package org.covidcxr.dicom;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a DICOM header parse gets its bytes, each call a fresh stream from the first byte: the pre-pass
 * ({@link LengthCheck}) and the parse proper each read the data set. Over bytes already in memory neither re-opens
 * the file.
 */
@FunctionalInterface
interface ByteSource {
    InputStream open() throws IOException;

    static ByteSource of(Path file) {
        return () -> new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    }

    static ByteSource of(byte[] bytes) {
        return () -> new ByteArrayInputStream(bytes);
    }
}
