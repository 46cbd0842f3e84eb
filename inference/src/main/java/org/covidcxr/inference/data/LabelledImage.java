package org.covidcxr.inference.data;

import java.nio.file.Path;

/**
 * One labelled image of a data set.
 *
 * @param label     index into {@code ModelSignature.CLASSES}
 * @param patientId the patient (or, without patient information, the image) — splits and bootstraps group by it
 * @param source    where the image came from (e.g. {@code ieee8023}, {@code nih}, {@code site}); metrics are also
 *                  reported per source
 * @param split     {@code train}, {@code val} or {@code test}
 */
public record LabelledImage(Path file, int label, String patientId, String source, String split) {
}
