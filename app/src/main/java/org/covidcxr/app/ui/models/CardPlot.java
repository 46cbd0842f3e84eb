package org.covidcxr.app.ui.models;

import org.covidcxr.app.imaging.ArgbRaster;

/**
 * One evaluation plot from a bundle, decoded for the screen.
 *
 * @param caption what it plots, e.g. "ROC"
 * @param file    its path inside the bundle, e.g. {@code evaluation-test/roc-all.png}
 * @param image   its pixels, at full size
 */
public record CardPlot(String caption, String file, ArgbRaster image) {
}
