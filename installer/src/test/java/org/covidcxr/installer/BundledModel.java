package org.covidcxr.installer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/** Whether a package carries the bundled default model, without which no self-test can pass. */
final class BundledModel {

    private BundledModel() {
    }

    /** Skips the test (with the reason) when the model-store jar in {@code appFolder} packs no model bundle. */
    static void assumePackedIn(Path appFolder) {
        assumeTrue(packedIn(appFolder), "skipped: the package carries no bundled default model (nothing sealed in "
                + "model-store/models/<version>/ when it was built), so its self-test cannot pass; produce the "
                + "default model, then rebuild with -Ppackage");
    }

    static boolean packedIn(Path appFolder) {
        try (Stream<Path> files = Files.list(appFolder)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().startsWith("covidcxr-model-store-"))
                    .toList();
            for (Path jar : jars) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    if (zip.stream().anyMatch(e -> e.getName().matches("covidcxr/models/[^/]+/checksums\\.sha256"))) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look into " + appFolder, e);
        }
    }
}
