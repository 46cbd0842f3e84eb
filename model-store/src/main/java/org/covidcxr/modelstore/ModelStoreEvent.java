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
 */
public record ModelStoreEvent(Type type, String version, Optional<String> previousActive, Optional<Path> file,
                              Path store, Instant time) {

    public enum Type {
        /** A model shipped with the installation was copied into the store (activated only if the store was empty). */
        SEEDED,
        PUBLISHED,
        IMPORTED,
        EXPORTED,
        ACTIVATED,
        ROLLED_BACK,
        DELETED
    }
}
