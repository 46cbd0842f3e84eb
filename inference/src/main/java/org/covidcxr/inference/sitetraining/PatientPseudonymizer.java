package org.covidcxr.inference.sitetraining;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a patient ID into a stable pseudonym with HMAC-SHA256 under a per-site secret. A plain hash of an ID
 * could be reversed by hashing every plausible ID; the secret, which never leaves the workstation's data directory,
 * prevents that while keeping the same patient's images together across scans and runs.
 */
public final class PatientPseudonymizer {
    private static final String ALGORITHM = "HmacSHA256";
    private static final int KEY_BYTES = 32;
    /** 16 hex digits = 64 bits: collisions are negligible for any site's patient count. */
    private static final int PSEUDONYM_HEX = 16;

    private final SecretKeySpec key;

    private PatientPseudonymizer(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /**
     * The site's pseudonymizer; creates the secret (owner-readable only) on first use. Two workstations of one site
     * give the same pseudonyms only if they share this file.
     */
    public static PatientPseudonymizer forSite(Path secretFile) throws IOException {
        if (!Files.exists(secretFile)) {
            createSecret(secretFile);
        }
        byte[] secret = Files.readAllBytes(secretFile);
        if (secret.length != KEY_BYTES) {
            throw new IOException("The site pseudonymisation key " + secretFile + " is damaged (" + secret.length
                    + " bytes instead of " + KEY_BYTES + "). Restore it from a backup; deleting it changes every "
                    + "patient pseudonym, so earlier datasets no longer split consistently with new ones.");
        }
        return new PatientPseudonymizer(secret);
    }

    private static void createSecret(Path secretFile) throws IOException {
        byte[] secret = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(secret);
        Files.createDirectories(secretFile.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(secretFile.toAbsolutePath().getParent(), ".site-key", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system (Windows): the user's profile folder already restricts access.
            }
            Files.write(tmp, secret);
            // Never overwrite: another process may have just created the key; then its key wins.
            Files.move(tmp, secretFile);
        } catch (FileAlreadyExistsException e) {
            // lost the race; the existing key is used
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The pseudonym of a patient ID (leading/trailing blanks ignored); never reversible without the site key. */
    public String pseudonym(String patientId) {
        String id = patientId.strip();
        if (id.isEmpty()) {
            throw new IllegalArgumentException("an empty patient ID has no pseudonym");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal(id.getBytes(StandardCharsets.UTF_8));
            return "p-" + HexFormat.of().formatHex(digest).substring(0, PSEUDONYM_HEX);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
