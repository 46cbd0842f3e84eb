package org.covidcxr.dicom;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files that leave the workstation (exports, reports) or hold what users recorded are written beside their target,
 * flushed to disk and renamed over it: a full disk, a crash or a power cut never leaves a half-written file under the
 * name, nor a rename that reached the disk before the data it names.
 */
public final class AtomicFiles {
    /** Writes the content to the file it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path file) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Whether writing {@code target} would replace {@code existing} (both exist and are one file). */
    public static boolean wouldReplace(Path target, Path existing) {
        try {
            return Files.exists(target) && Files.exists(existing) && Files.isSameFile(target, existing);
        } catch (IOException e) {
            return false; // cannot be compared: writing reports any real problem
        }
    }

    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".partial-", ".tmp");
        try {
            // Temporary files are private (0600); the result gets what a plain write would give it.
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target)
                        : PosixFilePermissions.fromString("rw-r--r--"));
            }
            content.writeTo(tmp);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes the rename itself durable; where a folder cannot be opened for that (Windows), the rename stands. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not supported on this platform
        }
    }
}
