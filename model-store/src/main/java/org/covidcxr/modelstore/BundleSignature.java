package org.covidcxr.modelstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * A bundle's signature ({@value #FILE_NAME}): an Ed25519 signature of its checksum manifest, which names the SHA-256
 * of every other file, so it covers the whole bundle. It carries the signer's public key; whether that key is trusted
 * is the store's question ({@link TrustedKeys}), not the file's.
 *
 * @param algorithm always {@value #ALGORITHM}
 * @param signer    who holds the key, in words (e.g. "COVID-CXR release key", "site key of ward-3")
 * @param publicKey the signer's public key (X.509, Base64)
 * @param signature the signature of the manifest's bytes (Base64)
 * @param signedAt  when it was signed
 */
public record BundleSignature(String algorithm, String signer, String publicKey, String signature, Instant signedAt) {

    public static final String FILE_NAME = "signature.json";
    static final String ALGORITHM = "Ed25519";

    /** The signature of the bundle folder {@code bundle}, if it has one. */
    static Optional<BundleSignature> read(Path bundle) {
        Path file = bundle.resolve(FILE_NAME);
        try {
            BundleSignature s = ModelCards.JSON.readValue(Files.readAllBytes(file), BundleSignature.class);
            if (s == null || s.publicKey == null || s.signature == null) {
                throw new IOException("fields are missing");
            }
            // The name is shown to users who decide whether to trust the key: printable, and short enough to read.
            if (s.signer == null || !s.signer.matches("[\\p{L}\\p{N}\\p{P}\\p{Zs}]{1,80}")) {
                throw new IOException("the signer's name is missing, too long, or holds control characters");
            }
            return Optional.of(s);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new ModelStoreException("The signature " + file + " is unreadable (" + e.getMessage() + ").", e);
        }
    }

    /** Whether this signature was made by its key over exactly {@code manifest}. */
    boolean matches(byte[] manifest) {
        if (!ALGORITHM.equals(algorithm)) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(decodedKey());
            verifier.update(manifest);
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a malformed key or signature signs nothing
        }
    }

    private PublicKey decodedKey() throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(
                Base64.getDecoder().decode(publicKey)));
    }

    /** The key's fingerprint: SHA-256 of its encoded form, hex, as users compare it with its owner. */
    public String fingerprint() {
        return TrustedKey.fingerprintOf(publicKey);
    }

    /** The signer and the key, for messages and the audit log. */
    public String describe() {
        return signer + " (key " + fingerprint() + ")";
    }
}
