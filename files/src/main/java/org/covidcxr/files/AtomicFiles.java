package org.covidcxr.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The one place where the product replaces, renames or deletes a file for good. A file is written beside its target,
 * forced to disk and renamed over it, and the folder is forced after every rename or delete: a full disk, a crash or a
 * power cut never leaves a half-written file under the name, nor a rename that reached the disk before the data it
 * names.
 *
 * <p>Each durable step (a forced file, a forced rename or delete) is reported to the hook this instance was made with,
 * so that crash tests can end the process at every one of them; {@link #PLAIN} reports to no one.
 */
public final class AtomicFiles {
    /** Prefix of the temporary siblings written here; a folder's owner may remove those a crash left behind. */
    public static final String TEMP_PREFIX = ".tmp-";
    /** For writers that no crash test halts. */
    public static final AtomicFiles PLAIN = new AtomicFiles(() -> { });

    private static final Set<PosixFilePermission> PLAIN_WRITE = PosixFilePermissions.fromString("rw-r--r--");

    private final Runnable stepReached;

    /** @param stepReached runs after each durable step */
    public AtomicFiles(Runnable stepReached) {
        this.stepReached = stepReached;
    }

    /** Writes the content to the (temporary) file it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path file) throws IOException;
    }

    /** Whether writing {@code target} would replace {@code existing} (both exist and are one file). */
    public static boolean wouldReplace(Path target, Path existing) {
        try {
            return Files.exists(target) && Files.exists(existing) && Files.isSameFile(target, existing);
        } catch (IOException e) {
            return false; // cannot be compared: writing reports any real problem
        }
    }

    /** Replaces or creates {@code target} (and its folders) with {@code bytes}, whole or not at all. */
    public void write(Path target, byte[] bytes) throws IOException {
        write(target, file -> Files.write(file, bytes));
    }

    /** Replaces or creates {@code target} (and its folders) with what {@code content} writes, whole or not at all. */
    public void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, TEMP_PREFIX, "");
        try {
            // Temporary files are private (0600); the result gets what a plain write would give it.
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(tmp, Files.exists(target) ? Files.getPosixFilePermissions(target)
                        : PLAIN_WRITE);
            }
            content.writeTo(tmp);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            stepReached.run();
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Renames {@code source} to {@code target} in one step, so that readers see either name but never a partial
     * state. For complete folders or files that already sit on the same disk; whether an existing {@code target} is
     * replaced or refused depends on the platform, so callers make sure there is none.
     */
    public void rename(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(target.toAbsolutePath().getParent());
    }

    /** Copies a stream into the new file {@code target} and forces it to disk, so a later rename publishes it whole. */
    public long copy(InputStream in, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(channel)) {
            long n = in.transferTo(out);
            channel.force(true);
            stepReached.run();
            return n;
        }
    }

    /** Deletes {@code file} if it is there. */
    public void deleteIfExists(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            forceDirectory(file.toAbsolutePath().getParent());
        }
    }

    /** Makes a rename or delete inside {@code dir} durable; best effort because not every platform opens a folder. */
    private void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open folders; the rename itself is still atomic there.
        }
        stepReached.run();
    }
}
