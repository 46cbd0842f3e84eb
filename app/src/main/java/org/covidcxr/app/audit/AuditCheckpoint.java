package org.covidcxr.app.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How far an audit log was last verified: its first {@code entries} lines, {@code bytes} long, the last of them sealed
 * {@code lastSeal}, in the log whose first line is sealed {@code firstSeal}. Kept beside the log ({@value #FILE_NAME})
 * and sealed with the site key, so that nobody without the key can claim more was verified than was. It lets opening
 * the log verify only what was appended since, so that years of entries do not slow every start, and it shows what
 * the chain alone cannot: entries removed from the end. {@code covidcxr audit verify} still checks every line.
 */
record AuditCheckpoint(long entries, long bytes, String firstSeal, String lastSeal) {
    static final String FILE_NAME = "audit.verified";
    private static final Pattern SEAL = Pattern.compile("[0-9a-f]{64}");

    /** The checkpoint beside {@code log}; empty when there is none, or it is damaged or not sealed by {@code key}. */
    static Optional<AuditCheckpoint> read(Path log, AuditKey key) {
        Path file = file(log);
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            String[] parts = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
            if (parts.length != 5) {
                return Optional.empty();
            }
            AuditCheckpoint checkpoint = new AuditCheckpoint(Long.parseLong(parts[0]), Long.parseLong(parts[1]),
                    parts[2], parts[3]);
            boolean wellFormed = checkpoint.entries > 0 && checkpoint.bytes > 0
                    && SEAL.matcher(checkpoint.firstSeal).matches() && SEAL.matcher(checkpoint.lastSeal).matches();
            return wellFormed && key.seal(checkpoint.text()).equals(parts[4]) ? Optional.of(checkpoint)
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // then the whole log is verified, as without one
        }
    }

    /** Replaces the checkpoint beside {@code log} in one step (a reader sees the old one or this one). */
    void write(Path log, AuditKey key) throws IOException {
        Path file = file(log);
        Path tmp = Files.createTempFile(file.getParent(), ".audit-verified", ".tmp");
        try {
            Files.writeString(tmp, text() + " " + key.seal(text()) + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private String text() {
        return entries + " " + bytes + " " + firstSeal + " " + lastSeal;
    }

    static Path file(Path log) {
        return log.toAbsolutePath().getParent().resolve(FILE_NAME);
    }
}
