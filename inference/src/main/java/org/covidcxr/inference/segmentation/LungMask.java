package org.covidcxr.inference.segmentation;

import org.covidcxr.inference.Letterbox;

/** The segmenter's lung map of one image, thresholded, with the letterbox that places it over the image. */
public record LungMask(boolean[] lungs, Letterbox box) {

    public LungMask {
        if (lungs.length != box.inputSize() * box.inputSize()) {
            throw new IllegalArgumentException("a lung mask needs one value per input pixel");
        }
        lungs = lungs.clone();
    }

    /** Whether the point at fractions {@code (fx, fy)} of the image's width and height lies in the lungs. */
    public boolean at(double fx, double fy) {
        int u = (int) Math.floor(box.padLeft() + fx * box.contentWidth());
        int v = (int) Math.floor(box.padTop() + fy * box.contentHeight());
        int s = box.inputSize();
        return u >= 0 && v >= 0 && u < s && v < s && lungs[v * s + u];
    }
}
