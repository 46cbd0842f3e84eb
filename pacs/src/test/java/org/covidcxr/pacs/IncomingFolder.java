package org.covidcxr.pacs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What a receiver's incoming folder holds: the files it kept, and those still in its staging folders. */
record IncomingFolder(Path root) {

    List<Path> kept() throws IOException {
        List<Path> kept = new ArrayList<>(files(root));
        kept.removeAll(staged());
        return kept;
    }

    List<Path> staged() throws IOException {
        return files(root.resolve(DicomReceiver.STAGING));
    }

    /** Waits (up to a minute and a half) until no association has anything staged. */
    boolean awaitNothingStaged() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!staged().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return staged().isEmpty();
    }

    private static List<Path> files(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
