package org.covidcxr.app.ui.training;

import org.covidcxr.app.imaging.ArgbRaster;

/** A site test image with both models' COVID-19 Grad-CAM and probabilities, for the gallery. */
public record GalleryTile(String label, double activeCovid, double candidateCovid, ArgbRaster active,
                          ArgbRaster candidate) {
}
