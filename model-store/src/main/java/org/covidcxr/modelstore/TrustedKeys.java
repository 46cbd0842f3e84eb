package org.covidcxr.modelstore;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The keys whose signatures a store accepts on import: the project's release keys, shipped in this jar
 * ({@value #RELEASE_KEYS}), and the store's own list ({@value #FILE_NAME}: the site's key and every key a user chose
 * to trust, each change recorded in the audit log).
 */
final class TrustedKeys {
    static final String FILE_NAME = "trusted-keys.json";
    static final String RELEASE_KEYS = "covidcxr/keys/release-keys.json";
    private static final TypeReference<List<TrustedKey>> LIST = new TypeReference<>() {
    };
    private static final List<TrustedKey> RELEASE = readRelease();

    private TrustedKeys() {
    }

    /** The project's release keys. */
    static List<TrustedKey> release() {
        return RELEASE;
    }

    /** The keys the store at {@code root} trusts besides the release keys. */
    static List<TrustedKey> stored(Path root) {
        Path file = root.resolve(FILE_NAME);
        try {
            List<TrustedKey> keys = ModelCards.JSON.readValue(Files.readAllBytes(file), LIST);
            return keys == null ? List.of() : List.copyOf(keys);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new ModelStoreException("The model store's list of trusted keys " + file + " is unreadable ("
                    + e.getMessage() + "). Restore it from a backup; until then no model can be imported or published.", e);
        }
    }

    /** The trusted key with this fingerprint, if any. */
    static Optional<TrustedKey> find(Path root, String fingerprint) {
        return Stream.concat(release().stream(), stored(root).stream())
                .filter(k -> k.fingerprint().equals(fingerprint)).findFirst();
    }

    /** Adds {@code key} to the store's list (replacing the file atomically). The caller holds the lock. */
    static void add(Path root, TrustedKey key) {
        List<TrustedKey> keys = new ArrayList<>(stored(root));
        keys.add(key);
        ModelCards.writeJson(keys, root.resolve(FILE_NAME), "list of trusted keys");
    }

    private static List<TrustedKey> readRelease() {
        try (InputStream in = TrustedKeys.class.getClassLoader().getResourceAsStream(RELEASE_KEYS)) {
            if (in == null) {
                throw new IllegalStateException("The release keys " + RELEASE_KEYS + " are missing from the build");
            }
            return List.copyOf(ModelCards.JSON.readValue(in, LIST));
        } catch (IOException e) {
            throw new IllegalStateException("The release keys " + RELEASE_KEYS + " are unreadable", e);
        }
    }
}
