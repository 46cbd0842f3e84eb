package org.covidcxr.pacs.results;

import java.nio.file.Path;

/** The two DICOM Part 10 files written for one analysed image, ready to be stored to the PACS. */
public record ResultFiles(Path secondaryCapture, Path structuredReport) {
}
