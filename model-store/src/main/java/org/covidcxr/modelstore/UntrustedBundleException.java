package org.covidcxr.modelstore;

import java.util.Optional;

/**
 * A bundle offered for import is not signed, or is signed by a key the store does not trust; nothing was added.
 */
public final class UntrustedBundleException extends ModelStoreException {

    private final transient BundleSignature signature;

    private UntrustedBundleException(String message, BundleSignature signature) {
        super(message);
        this.signature = signature;
    }

    static UntrustedBundleException unsigned(String origin) {
        return new UntrustedBundleException("The " + origin + " is not signed, so nothing shows who made it or that "
                + "it is unchanged since; it was not added. Ask its sender for an export from a current workstation "
                + "(`models export` keeps the signature). A model trained at this site (the `train` command's "
                + "OUT/bundle) is added with `models publish FOLDER`, which signs it with this site's key.", null);
    }

    static UntrustedBundleException untrusted(BundleSignature signature, String origin) {
        return new UntrustedBundleException("The " + origin + " is signed by " + signature.signer() + " (key "
                + signature.fingerprint() + "), a key this model store does not trust, so it was not added. Compare "
                + "the key's fingerprint with its owner (e.g. by telephone) before trusting it; then import it with "
                + "`models import FILE --trust-key " + signature.fingerprint() + "` or confirm in the Models view. "
                + "The audit log records the trust.", signature);
    }

    /** The signature whose key would have to be trusted; empty for an unsigned bundle. */
    public Optional<BundleSignature> signature() {
        return Optional.ofNullable(signature);
    }
}
