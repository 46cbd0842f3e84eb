package org.covidcxr.app.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.covidcxr.files.AtomicFiles;

/**
 * How far an audit log was last verified: its first {@code entries} lines, {@code bytes} long, the last of them sealed
 * {@code lastSeal}, in the log whose first line is sealed {@code firstSeal}. Kept beside the log ({@value #FILE_NAME})
 * and sealed with the site key, so that nobody without the key can claim more was verified than was. It lets opening
 * the log verify only what was appended since, so that years of entries do not slow every start, and it shows what
 * the chain alone cannot: entries removed from the end, unless the checkpoint was deleted too or replaced by an older
 * one of its own (files on one machine cannot prevent that). {@code covidcxr audit verify} still checks every line.
 */
record AuditCheckpoint(long entries, long bytes, String firstSeal, String lastSeal) {
    static final String FILE_NAME = "audit.verified";
    /** Before the first line: nothing verified, the chain at its start. */
    static final AuditCheckpoint NOTHING = new AuditCheckpoint(0, 0, "", AuditLog.GENESIS);
    private static final Pattern SEAL = Pattern.compile("[0-9a-f]{64}");

    /**
     * What lies beside a log: no checkpoint, a valid one, or one that is damaged or not sealed with the site key
     * (edited or replaced: then entries may have been removed from the log's end).
     */
    record Found(Optional<AuditCheckpoint> checkpoint, boolean damaged) {
        static final Found NONE = new Found(Optional.empty(), false);
        static final Found DAMAGED = new Found(Optional.empty(), true);
    }

    static Found find(Path log, Optional<AuditKey> key) {
        Path file = file(log);
        if (!Files.exists(file)) {
            return Found.NONE;
        }
        try {
            String[] parts = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
            if (parts.length != 5 || key.isEmpty()) {
                return Found.DAMAGED;
            }
            AuditCheckpoint checkpoint = new AuditCheckpoint(Long.parseLong(parts[0]), Long.parseLong(parts[1]),
                    parts[2], parts[3]);
            boolean wellFormed = checkpoint.entries > 0 && checkpoint.bytes > 0
                    && SEAL.matcher(checkpoint.firstSeal).matches() && SEAL.matcher(checkpoint.lastSeal).matches();
            return wellFormed && key.get().seal(checkpoint.text()).equals(parts[4])
                    ? new Found(Optional.of(checkpoint), false) : Found.DAMAGED;
        } catch (IOException | RuntimeException e) {
            return Found.DAMAGED;
        }
    }

    /** Replaces the checkpoint beside {@code log} in one step (a reader sees the old one or this one). */
    void write(Path log, AuditKey key) throws IOException {
        String line = text() + " " + key.seal(text()) + "\n";
        AtomicFiles.PLAIN.write(file(log), line.getBytes(StandardCharsets.US_ASCII));
    }

    private String text() {
        return entries + " " + bytes + " " + firstSeal + " " + lastSeal;
    }

    static Path file(Path log) {
        return log.toAbsolutePath().getParent().resolve(FILE_NAME);
    }
}
