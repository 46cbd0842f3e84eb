package org.covidcxr.modelstore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A public key whose signatures a store accepts.
 *
 * @param fingerprint SHA-256 of the encoded key, hex (see {@link #fingerprintOf})
 * @param signer      who holds the key, in words
 * @param publicKey   the key (X.509, Base64)
 * @param how         why it is trusted: shipped as the release key, the site's own key, or trusted by a user
 * @param trustedAt   since when
 */
public record TrustedKey(String fingerprint, String signer, String publicKey, String how, Instant trustedAt) {

    /** SHA-256 of a Base64 X.509 key's bytes, lower-case hex. */
    static String fingerprintOf(String publicKeyBase64) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Base64.getDecoder().decode(publicKeyBase64)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        } catch (IllegalArgumentException e) {
            return "(malformed key)";
        }
    }

    /** A fingerprint as typed by a user (any case, spaces or colons between groups) in the form stored. */
    public static String normalise(String typed) {
        return typed.replaceAll("[\\s:]", "").toLowerCase(Locale.ROOT);
    }

    /** The signer and the key, for messages and the audit log. */
    public String describe() {
        return signer + " (key " + fingerprint + ")";
    }
}
