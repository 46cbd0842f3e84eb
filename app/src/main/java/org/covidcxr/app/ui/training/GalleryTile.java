package org.covidcxr.app.training;

import org.covidcxr.app.ui.ArgbRaster;

/** A site test image with both models' COVID-19 Grad-CAM and probabilities, for the gallery. */
public record GalleryTile(String label, double activeCovid, double candidateCovid, ArgbRaster active,
                          ArgbRaster candidate) {
}
