package org.covidcxr.inference.sitetraining;

import java.io.IOException;
import java.nio.file.Path;

/** Adapter to the dicom module's de-identified export (wired once that export lands). */
final class DicomDeidentification {
    private DicomDeidentification() {
    }

    static void copy(Path source, Path target) throws IOException {
        throw new IOException(source.getFileName() + ": DICOM de-identification is not available in this build yet");
    }
}
