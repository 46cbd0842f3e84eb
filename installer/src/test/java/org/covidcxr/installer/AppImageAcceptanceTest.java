package org.covidcxr.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 7, acceptance 1: the app-image's self-test passes inside a network namespace with no network. */
class AppImageAcceptanceTest {
    private static final Path IMAGE = Path.of(System.getProperty("covidcxr.installer.image",
            "target/jpackage/image/covidcxr"));
    private static final String NAME = System.getProperty("covidcxr.installer.name", "covidcxr");

    @Test
    void selfTestPassesWithoutNetworkOnAFreshHome(@TempDir Path home) throws IOException {
        Path launcher = IMAGE.resolve("bin").resolve(NAME);
        assertThat(launcher).as("app-image launcher (built by -Ppackage)").isExecutable();
        BundledModel.assumePackedIn(IMAGE.resolve("lib/app"));

        Command.Result result = Command.of(launcher.toString(), "--self-test")
                .withEnvironment(Offline.freshHome(home)).withTimeout(Duration.ofMinutes(5))
                .inside(Offline.noNetwork()).run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.lastLine()).as(result.toString()).startsWith("SELF-TEST PASS: model ");
        assertThat(home.resolve(".local/share/covidcxr/models")).as("store seeded from the bundled default model")
                .isDirectory();
        assertThat(regularFilesUnder(home.resolve(".javacpp")))
                .as("natives load from the image: nothing is extracted into the home folder").isEmpty();
    }

    @Test
    void imageCarriesItsOwnRuntimeNativesAndLibraries() {
        assertThat(IMAGE.resolve("lib/runtime/release")).as("jlinked runtime").isRegularFile();
        assertThat(IMAGE.resolve("lib/app")).isDirectoryRecursivelyContaining("glob:**/libjnitensorflow.so")
                .isDirectoryContaining("glob:**/javafx-controls-*.jar")
                .isDirectoryContaining("glob:**/pixelmed-*.jar")
                .isDirectoryContaining("glob:**/imageio-jpeg-*.jar")
                .isDirectoryContaining("glob:**/jai-imageio-jpeg2000-*.jar")
                .isDirectoryContaining("glob:**/covidcxr-model-store-*.jar");
        assertThat(IMAGE.resolve("lib/app")).as("natives are shipped once, unpacked, not also as a jar")
                .isDirectoryNotContaining("glob:**/tensorflow-core-native-*.jar");
    }

    private static List<Path> regularFilesUnder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
