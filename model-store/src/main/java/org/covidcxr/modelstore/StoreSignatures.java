package org.covidcxr.modelstore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Who signs what enters the store, and whose signatures it accepts: what the site publishes is signed with the
 * site's key (made, and trusted with a record, at the first publish); an import must be signed by a trusted key or by
 * one the user trusts now, explicitly, which is recorded as a change of its own. The caller holds the store's lock.
 */
final class StoreSignatures {
    static final String SITE_KEY_FILE = "site-signing-key.json";

    private final StoreFolder folder;
    private final ChangeRecorder changes;

    StoreSignatures(StoreFolder folder, ChangeRecorder changes) {
        this.folder = folder;
        this.changes = changes;
    }

    /** The site's key, if this store has made one. */
    Optional<TrustedKey> siteKey() {
        Path file = folder.root().resolve(SITE_KEY_FILE);
        return Files.exists(file) ? Optional.of(SigningKey.read(file).trusted("the site's own key"))
                : Optional.empty();
    }

    /** Signs the verified bundle in {@code staging}, which the site publishes as {@code version}, with its key. */
    BundleSignature signForSite(Path staging, String version) {
        SigningKey key = SigningKey.readOrCreate(folder.root().resolve(SITE_KEY_FILE), "site key of " + siteName());
        if (TrustedKeys.find(folder.root(), key.fingerprint()).isEmpty()) {
            trust(key.trusted("the site's own key, made at its first publish"), version);
        }
        return key.sign(staging);
    }

    /**
     * The signature of the verified bundle in {@code staging}, offered for import as {@code version}, if its key is
     * trusted or is the one the user trusts now ({@code trustedNow}, a fingerprint).
     *
     * @throws UntrustedBundleException if the bundle is not signed, or its key is not trusted
     */
    BundleSignature admit(Path staging, String version, String origin, Optional<String> trustedNow) {
        BundleSignature signature = BundleSignature.read(staging)
                .orElseThrow(() -> UntrustedBundleException.unsigned(origin));
        String fingerprint = signature.fingerprint();
        if (TrustedKeys.find(folder.root(), fingerprint).isPresent()) {
            return signature;
        }
        if (trustedNow.map(TrustedKey::normalise).filter(fingerprint::equals).isEmpty()) {
            throw UntrustedBundleException.untrusted(signature, origin);
        }
        trust(new TrustedKey(fingerprint, signature.signer(), signature.publicKey(), "trusted by the user to import "
                + version, Instant.now()), version);
        return signature;
    }

    private void trust(TrustedKey key, String version) {
        changes.record(ChangeJournal.Intent.of(ModelStoreEvent.Type.KEY_TRUSTED, version, Optional.empty(),
                Optional.empty(), "", Optional.empty(), Optional.of(key.describe())),
                () -> TrustedKeys.add(folder.root(), key));
    }

    /** The machine's name, which tells other sites whose key signed a bundle; not patient data. */
    private static String siteName() {
        try {
            String name = Files.readString(Path.of("/etc/hostname"), StandardCharsets.US_ASCII).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: fall through
        }
        return Optional.ofNullable(System.getenv("COMPUTERNAME")).orElse("this site");
    }
}
