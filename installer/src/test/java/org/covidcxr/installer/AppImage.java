package org.covidcxr.installer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The app-image the acceptance tests run (built by {@code -Ppackage}): its folder, its launcher, which build it is. */
final class AppImage {
    static final Path ROOT = Path.of(System.getProperty("covidcxr.installer.image",
            "target/jpackage/image/covidcxr")).toAbsolutePath();
    static final String NAME = System.getProperty("covidcxr.installer.name", "covidcxr");

    private AppImage() {
    }

    static Path launcher() {
        return ROOT.resolve("bin").resolve(NAME);
    }

    /** Skips the test on a GPU build ({@code -Pgpu}), whose TensorFlow may rightly speak of CUDA. */
    static void assumeCpuBuild() {
        try (Stream<Path> natives = Files.list(ROOT.resolve("lib/app/natives"))) {
            assumeTrue(natives.noneMatch(p -> p.getFileName().toString().endsWith("-gpu")),
                    "skipped: this is a GPU build (-Pgpu); the check is for the CPU build");
        } catch (IOException e) {
            throw new UncheckedIOException("no TensorFlow natives folder in " + ROOT, e);
        }
    }
}
