package org.covidcxr.dicom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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

    /** Every DICOM file of the conformance corpus and every real radiograph: the corpus damage tests start from. */
    static List<Path> dicomFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (ConformanceManifest.Entry entry : ConformanceManifest.load().entries()) {
            if (entry.path().toString().endsWith(".dcm")) {
                files.add(entry.path());
            }
        }
        try (Stream<Path> real = Files.list(dir("dicom/real"))) {
            real.filter(p -> p.toString().endsWith(".dcm")).sorted().forEach(files::add);
        }
        return files;
    }
}
