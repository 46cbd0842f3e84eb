package org.covidcxr.inference.sitetraining;

import java.nio.file.Path;

/**
 * A file the scan will not use.
 *
 * @param file    the file as found (shown to the trainer on this workstation only; never written to a model card)
 * @param problem why, as a category
 * @param message what exactly is wrong and what to do
 */
public record RejectedFile(Path file, ScanProblem problem, String message) {
}
