package org.covidcxr.modelstore;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-OS default store folder, resolved from given properties and environment (not this machine's). */
class StoreLocationTest {

    private static final Path HOME = Path.of("/home/ada");

    @Test
    void theConfiguredFolderWinsAndThePropertyWinsOverTheEnvironment() {
        Map<String, String> env = Map.of(ModelStore.STORE_ENV, "/from/env");
        assertThat(StoreLocation.defaultRoot(os("Linux", ModelStore.STORE_PROPERTY, "/from/property"), env))
                .isEqualTo(Path.of("/from/property"));
        assertThat(StoreLocation.defaultRoot(os("Linux", ModelStore.STORE_PROPERTY, "  "), env))
                .as("a blank property does not count").isEqualTo(Path.of("/from/env"));
    }

    @Test
    void windowsUsesLocalAppDataWhenSet() {
        assertThat(StoreLocation.defaultRoot(os("Windows 11"), Map.of("LOCALAPPDATA", "/appdata/local")))
                .isEqualTo(Path.of("/appdata/local", "covidcxr", "models"));
        assertThat(StoreLocation.defaultRoot(os("Windows 11"), Map.of()))
                .as("without it, the home folder").isEqualTo(HOME.resolve(".local/share/covidcxr/models"));
    }

    @Test
    void macOsUsesApplicationSupport() {
        assertThat(StoreLocation.defaultRoot(os("Mac OS X"), Map.of("XDG_DATA_HOME", "/xdg")))
                .isEqualTo(HOME.resolve("Library/Application Support/covidcxr/models"));
    }

    @Test
    void otherSystemsUseAnAbsoluteXdgDataHomeElseLocalShare() {
        assertThat(StoreLocation.defaultRoot(os("Linux"), Map.of("XDG_DATA_HOME", "/xdg")))
                .isEqualTo(Path.of("/xdg/covidcxr/models"));
        assertThat(StoreLocation.defaultRoot(os("Linux"), Map.of("XDG_DATA_HOME", "relative/xdg")))
                .as("a relative XDG_DATA_HOME is ignored, as the XDG spec asks")
                .isEqualTo(HOME.resolve(".local/share/covidcxr/models"));
        assertThat(StoreLocation.defaultRoot(os("Linux"), new HashMap<>()))
                .isEqualTo(HOME.resolve(".local/share/covidcxr/models"));
    }

    private static Properties os(String name, String... more) {
        Properties p = new Properties();
        p.setProperty("os.name", name);
        p.setProperty("user.home", HOME.toString());
        for (int i = 0; i < more.length; i += 2) {
            p.setProperty(more[i], more[i + 1]);
        }
        return p;
    }
}
