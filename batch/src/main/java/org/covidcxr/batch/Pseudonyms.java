package org.covidcxr.batch;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms of patient IDs: HMAC-SHA256 under the site's secret, so that one patient's images can be grouped
 * in the results while the ID cannot be recovered, or guessed by hashing candidate IDs, without the secret.
 */
final class Pseudonyms implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String ALGORITHM = "HmacSHA256";
    private final byte[] secret;

    Pseudonyms(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("The pseudonym key must hold at least 16 bytes; it has "
                    + secret.length + ".");
        }
        this.secret = secret.clone();
    }

    /** The pseudonym of a patient ID; empty for an image without one. */
    Optional<String> of(String patientId) {
        if (patientId == null || patientId.isBlank()) {
            return Optional.empty();
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return Optional.of(HexFormat.of().formatHex(mac.doFinal(patientId.strip()
                    .getBytes(StandardCharsets.UTF_8))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
