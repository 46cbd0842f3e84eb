package org.covidcxr.inference.sitetraining;

import java.nio.file.Path;
import org.covidcxr.inference.serving.Diagnosis;

/**
 * One site test image with both models' answers and Grad-CAM maps, for the side-by-side gallery.
 *
 * @param file      the de-identified dataset copy
 * @param label     its true class
 * @param active    the active model's diagnosis
 * @param candidate the new model's diagnosis
 */
public record GalleryItem(Path file, String label, Diagnosis active, Diagnosis candidate) {
}
