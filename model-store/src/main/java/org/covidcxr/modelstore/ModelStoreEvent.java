package org.covidcxr.modelstore;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A change made to a model store.
 *
 * @param type           what happened
 * @param version        the version concerned (for activation and rollback: the newly active one)
 * @param previousActive for {@link Type#ACTIVATED} and {@link Type#ROLLED_BACK}: the version active before
 * @param file           for publish, import and export: the source folder or the archive
 * @param store          the store's root folder
 * @param time           when the change was made
 * @param modelChecksum  SHA-256 of the bundle's checksum manifest (which covers every file of the bundle); empty
 *                       when there is none
 * @param outcome        whether the change is in effect, and whether it was reported when made or at a later open
 * @param confirmation   for an activation of a model that failed its acceptance criteria: how the user confirmed
 *                       it (see {@link ModelStore#activate(String, Optional)}); empty otherwise
 * @param signingKey     for {@link Type#KEY_TRUSTED}: the key now trusted; for a bundle added: the key that signed
 *                       it (signer and fingerprint); empty otherwise
 */
public record ModelStoreEvent(Type type, String version, Optional<String> previousActive, Optional<Path> file,
                              Path store, Instant time, String modelChecksum, Outcome outcome,
                              Optional<String> confirmation, Optional<String> signingKey) {

    public enum Type {
        /** A model shipped with the installation was copied into the store (activated only if the store was empty). */
        SEEDED,
        PUBLISHED,
        IMPORTED,
        EXPORTED,
        ACTIVATED,
        ROLLED_BACK,
        DELETED,
        /**
         * A key was added to the keys whose signed bundles the store imports: the site's own at its first publish,
         * or one a user chose to trust to import {@code version}.
         */
        KEY_TRUSTED
    }

    public enum Outcome {
        /** Made and reported in one go. */
        DONE("done"),
        /** Made, but the process ended before reporting it: reported when the store was next opened. */
        DONE_BEFORE_INTERRUPTION("done; the process ended before recording it, recorded at the next open"),
        /** Begun, but the process ended before the change took effect: the store is as it was. */
        INTERRUPTED("interrupted before it took effect; nothing changed");

        public final String description;

        Outcome(String description) {
            this.description = description;
        }
    }
}
