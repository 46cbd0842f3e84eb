package org.covidcxr.app.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The site's secret that keys the audit chain: from entry {@code fromSeq} on, each line's seal is an HMAC-SHA256 of
 * the line under this key, so a log whose lines were edited and re-chained by anyone without the key fails
 * verification. Entries written before the key existed keep their plain SHA-256 seals. The key lives beside the log
 * ({@value #FILE_NAME}, readable by its owner only); losing it makes the log unverifiable, so back it up with the log.
 *
 * @param fromSeq the first entry sealed with the key
 */
record AuditKey(byte[] secret, long fromSeq) {
    static final String FILE_NAME = "audit.key";
    private static final String ALGORITHM = "HmacSHA256";

    /** The key beside {@code log}, if one was made. */
    static Optional<AuditKey> read(Path log) throws IOException {
        Path file = keyFile(log);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String[] parts = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
        try {
            return Optional.of(new AuditKey(HexFormat.of().parseHex(parts[0]), Long.parseLong(parts[1])));
        } catch (RuntimeException e) {
            throw new IOException("The audit key " + file + " is damaged; restore it from the backup made with the "
                    + "audit log.", e);
        }
    }

    /**
     * The key beside {@code log}, made now (covering entries from {@code nextSeq}) if there is none. Two processes
     * making it at once agree on one: the file appears whole, once.
     */
    static AuditKey readOrCreate(Path log, long nextSeq) throws IOException {
        Optional<AuditKey> existing = read(log);
        if (existing.isPresent()) {
            return existing.get();
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Path file = keyFile(log);
        Path tmp = Files.createTempFile(file.getParent(), ".audit-key", ".tmp"); // created readable by its owner only
        try {
            Files.writeString(tmp, HexFormat.of().formatHex(secret) + " " + nextSeq + "\n", StandardCharsets.US_ASCII);
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--------"));
            }
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException e) {
            // another process made it first: use that one
        } finally {
            Files.deleteIfExists(tmp);
        }
        return read(log).orElseThrow();
    }

    String seal(String body) {
        return sealer().apply(body);
    }

    /** Seals one body after another with one keyed MAC, as verifying a long log does (one instance, one thread). */
    Function<String, String> sealer() {
        Mac mac;
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
        return body -> HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    static Path keyFile(Path log) {
        return log.toAbsolutePath().getParent().resolve(FILE_NAME);
    }
}
