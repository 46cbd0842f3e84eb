package org.covidcxr.modelstore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's single-writer lock: a {@link FileLock} on {@code .lock} for other processes (the app and the command
 * line), plus an in-process lock because a JVM may hold a file lock only once. The OS drops the file lock when a
 * process dies, so a crash never leaves the store locked.
 */
final class StoreLock {

    static final String FILE_NAME = ".lock";
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Path lockFile;
    private final ReentrantLock local;

    StoreLock(Path realRoot) {
        this.lockFile = realRoot.resolve(FILE_NAME);
        this.local = IN_PROCESS.computeIfAbsent(realRoot, k -> new ReentrantLock());
    }

    /** Waits (up to a minute) for the lock. */
    Held acquire() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            if (!local.tryLock(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelStoreException("Interrupted while waiting for the model store lock " + lockFile, e);
        }
        try {
            for (Held held = lockFile(); ; held = lockFile()) {
                if (held != null) {
                    return held;
                }
                if (System.nanoTime() > deadline) {
                    throw busy();
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            local.unlock();
            Thread.currentThread().interrupt();
            throw new ModelStoreException("Interrupted while waiting for the model store lock " + lockFile, e);
        } catch (RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    /** Takes the lock only if nobody holds it. */
    Optional<Held> tryAcquire() {
        if (!local.tryLock()) {
            return Optional.empty();
        }
        try {
            Held held = lockFile();
            if (held == null) {
                local.unlock();
            }
            return Optional.ofNullable(held);
        } catch (RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    /** With {@link #local} held: the file lock, or {@code null} if another process holds it. */
    private Held lockFile() {
        if (local.getHoldCount() > 1) {
            return new Held(null, null); // re-entered by this thread: the file lock is already ours
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new Held(channel, lock);
            }
            channel.close();
            return null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ModelStoreException("Cannot lock the model store (" + lockFile + "): " + e.getMessage()
                    + ". Check that the folder is writable.", e);
        }
    }

    private ModelStoreException busy() {
        return new ModelStoreException("The model store is busy: another program has held " + lockFile
                + " for over " + WAIT.toSeconds() + " s. Wait for it to finish (e.g. an import) and try again.");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    /** A held lock; closing releases it. */
    final class Held implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                if (lock != null) {
                    lock.release();
                }
            } catch (IOException ignored) {
                // closing the channel below releases it anyway
            } finally {
                closeQuietly(channel);
                local.unlock();
            }
        }
    }
}
