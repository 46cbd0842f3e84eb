package org.covidcxr.inference.sitetraining;

import java.nio.file.Path;

/**
 * An image the scan accepted for training.
 *
 * @param file        the original file (read again when the dataset copy is written)
 * @param label       class name from {@code ModelSignature.CLASSES}
 * @param patient     pseudonymised patient identifier (never the real ID)
 * @param patientKnown false when neither a manifest nor the file named the patient; the image then counts as its
 *                    own patient, which a patient-level split cannot protect against
 * @param contentHash SHA-256 of the decoded pixels, hex; finds duplicates saved under other names or formats
 * @param format      DICOM, PNG or JPEG (what the dataset copy will be)
 */
public record ScannedImage(Path file, String label, String patient, boolean patientKnown, String contentHash,
                           ImageFormat format) {
}
