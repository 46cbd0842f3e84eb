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

    /** P(lung) per input pixel, thresholded at 0.5. */
    public static LungMask of(float[] probabilities, Letterbox box) {
        boolean[] lungs = new boolean[probabilities.length];
        for (int k = 0; k < probabilities.length; k++) {
            lungs[k] = probabilities[k] >= 0.5f;
        }
        return new LungMask(lungs, box);
    }

    /** Lung pixels per pixel of the image's content (the letterbox padding left out). */
    public double share() {
        int s = box.inputSize();
        int count = 0;
        for (int v = box.padTop(); v < box.padTop() + box.contentHeight(); v++) {
            for (int u = box.padLeft(); u < box.padLeft() + box.contentWidth(); u++) {
                count += lungs[v * s + u] ? 1 : 0;
            }
        }
        return (double) count / ((double) box.contentWidth() * box.contentHeight());
    }

    /** Whether the point at fractions {@code (fx, fy)} of the image's width and height lies in the lungs. */
    public boolean at(double fx, double fy) {
        int u = (int) Math.floor(box.padLeft() + fx * box.contentWidth());
        int v = (int) Math.floor(box.padTop() + fy * box.contentHeight());
        int s = box.inputSize();
        return u >= 0 && v >= 0 && u < s && v < s && lungs[v * s + u];
    }
}
