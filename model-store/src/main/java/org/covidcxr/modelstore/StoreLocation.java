package org.covidcxr.modelstore;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where the model store lives when the user does not say: {@value ModelStore#STORE_PROPERTY} or
 * {@value ModelStore#STORE_ENV} if set, else the per-user data folder of the operating system.
 */
final class StoreLocation {

    /** The end of every message about an unusable store folder: how to choose another. */
    static final String CHOOSE_WRITABLE_FOLDER = "Choose a writable folder with --store, -D"
            + ModelStore.STORE_PROPERTY + " or " + ModelStore.STORE_ENV + ".";

    private StoreLocation() {
    }

    /** The default store folder for this process's system properties and environment. */
    static Path defaultRoot() {
        return defaultRoot(System.getProperties(), System.getenv());
    }

    /**
     * The default store folder: the configured one, else {@code $XDG_DATA_HOME/covidcxr/models} or
     * {@code ~/.local/share/covidcxr/models}; on Windows {@code %LOCALAPPDATA%\covidcxr\models}; on macOS
     * {@code ~/Library/Application Support/covidcxr/models}.
     */
    static Path defaultRoot(Properties properties, Map<String, String> environment) {
        String configured = firstNonBlank(properties.getProperty(ModelStore.STORE_PROPERTY),
                environment.get(ModelStore.STORE_ENV));
        if (configured != null) {
            return Path.of(configured);
        }
        Path home = Path.of(properties.getProperty("user.home"));
        String os = properties.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String localAppData = environment.get("LOCALAPPDATA");
        if (os.startsWith("windows") && localAppData != null && !localAppData.isBlank()) {
            return Path.of(localAppData, "covidcxr", "models");
        }
        if (os.startsWith("mac")) {
            return home.resolve("Library/Application Support/covidcxr/models");
        }
        String xdg = environment.get("XDG_DATA_HOME");
        Path data = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".local/share");
        return data.resolve("covidcxr").resolve("models");
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
