package org.covidcxr.modelstore;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * An Ed25519 key that signs bundles: the project's release key (held by whoever releases, never in the repository)
 * or a site's key (made by the store at its first publish, readable by its owner only). The file holds the signer's
 * name, the public key and the private key, as JSON.
 */
public final class SigningKey {

    /** The file's JSON form. */
    private record Stored(String signer, String publicKey, String privateKey) {
    }

    private final Stored stored;
    private final PrivateKey privateKey;

    private SigningKey(Stored stored) {
        this.stored = stored;
        try {
            this.privateKey = KeyFactory.getInstance(BundleSignature.ALGORITHM).generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(stored.privateKey())));
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            throw new ModelStoreException("The signing key of " + stored.signer() + " is damaged (" + e + ").", e);
        }
    }

    /** A new key for {@code signer}. */
    public static SigningKey generate(String signer) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(BundleSignature.ALGORITHM).generateKeyPair();
            Base64.Encoder b64 = Base64.getEncoder();
            return new SigningKey(new Stored(signer, b64.encodeToString(pair.getPublic().getEncoded()),
                    b64.encodeToString(pair.getPrivate().getEncoded())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 17 runtime", e);
        }
    }

    /**
     * Reads a key file.
     *
     * @throws ModelStoreException naming the file when it is missing or damaged
     */
    public static SigningKey read(Path file) {
        try {
            Stored stored = ModelCards.JSON.readValue(Files.readAllBytes(file), Stored.class);
            if (stored == null || stored.publicKey() == null) {
                throw new IOException("fields are missing");
            }
            return new SigningKey(stored);
        } catch (NoSuchFileException e) {
            throw new ModelStoreException("There is no signing key " + file + ".", e);
        } catch (IOException e) {
            throw new ModelStoreException("The signing key " + file + " is unreadable (" + e.getMessage()
                    + "). Restore it from its backup.", e);
        }
    }

    /**
     * The key in {@code file}, made now for {@code signer} if there is none. Two processes making it at once agree on
     * one: the file appears whole, once, readable by its owner only.
     */
    static SigningKey readOrCreate(Path file, String signer) {
        if (!Files.exists(file)) {
            try {
                generate(signer).writeNew(file);
            } catch (FileAlreadyExistsException e) {
                // another process made it first: use that one
            } catch (IOException e) {
                throw new ModelStoreException("Cannot write the signing key " + file + " (" + e.getMessage() + ").",
                        e);
            }
        }
        return read(file);
    }

    /**
     * Writes the key to a new file readable by its owner only.
     *
     * @throws FileAlreadyExistsException if the file exists (a key is never overwritten)
     */
    public void writeNew(Path file) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".signing-key", ".tmp"); // owner-only
        try {
            Files.write(tmp, ModelCards.JSON.writeValueAsBytes(stored));
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--------"));
            }
            Files.createLink(file, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public String signer() {
        return stored.signer();
    }

    public String fingerprint() {
        return TrustedKey.fingerprintOf(stored.publicKey());
    }

    /** The public half, as a store trusts it. */
    public TrustedKey trusted(String how) {
        return new TrustedKey(fingerprint(), signer(), stored.publicKey(), how, Instant.now());
    }

    /**
     * Signs a sealed bundle folder: writes {@value BundleSignature#FILE_NAME} over its checksum manifest, replacing
     * any earlier signature.
     */
    public BundleSignature sign(Path bundle) {
        Path manifest = bundle.resolve(ModelBundle.MANIFEST_FILE);
        try {
            Signature signing = Signature.getInstance(BundleSignature.ALGORITHM);
            signing.initSign(privateKey);
            signing.update(Files.readAllBytes(manifest));
            BundleSignature signature = new BundleSignature(BundleSignature.ALGORITHM, signer(), stored.publicKey(),
                    Base64.getEncoder().encodeToString(signing.sign()), Instant.now());
            ModelCards.writeJson(signature, bundle.resolve(BundleSignature.FILE_NAME), "signature");
            return signature;
        } catch (NoSuchFileException e) {
            throw new ModelStoreException("Cannot sign " + bundle + ": it is not sealed (" + ModelBundle.MANIFEST_FILE
                    + " is missing).", e);
        } catch (IOException e) {
            throw new ModelStoreException("Cannot sign " + bundle + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 17 runtime", e);
        }
    }
}
