package org.covidcxr.dicom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's read-only shared data (../shared/data), located as the parent POM says. */
final class SharedData {
    private SharedData() {
    }

    static Path dir(String relative) {
        Path root = Path.of(System.getProperty("covidcxr.shared.data", "../shared/data"));
        Path dir = root.resolve(relative);
        assumeTrue(Files.isDirectory(dir), "shared test data missing at " + dir.toAbsolutePath()
                + " (set -Dcovidcxr.shared.data)");
        return dir;
    }
}
