package org.covidcxr.inference.segmentation;

import java.awt.Rectangle;
import java.util.Optional;
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

    /**
     * The smallest rectangle of the image (in its own pixels) that holds every lung pixel; empty when the map has
     * none.
     */
    public Optional<Rectangle> bounds() {
        int s = box.inputSize();
        int minU = Integer.MAX_VALUE;
        int minV = Integer.MAX_VALUE;
        int maxU = -1;
        int maxV = -1;
        for (int v = box.padTop(); v < box.padTop() + box.contentHeight(); v++) {
            for (int u = box.padLeft(); u < box.padLeft() + box.contentWidth(); u++) {
                if (lungs[v * s + u]) {
                    minU = Math.min(minU, u);
                    maxU = Math.max(maxU, u);
                    minV = Math.min(minV, v);
                    maxV = Math.max(maxV, v);
                }
            }
        }
        if (maxU < 0) {
            return Optional.empty();
        }
        // Input pixel u covers image columns [(u - padLeft) / scaleX, (u + 1 - padLeft) / scaleX).
        int x0 = (int) Math.floor((minU - box.padLeft()) / box.scaleX());
        int y0 = (int) Math.floor((minV - box.padTop()) / box.scaleY());
        int x1 = Math.min(box.originalWidth(), (int) Math.ceil((maxU + 1 - box.padLeft()) / box.scaleX()));
        int y1 = Math.min(box.originalHeight(), (int) Math.ceil((maxV + 1 - box.padTop()) / box.scaleY()));
        return Optional.of(new Rectangle(x0, y0, x1 - x0, y1 - y0));
    }

    /** The lung map at the image's own size: one value per image pixel, row by row. */
    public boolean[] atImageSize() {
        int w = box.originalWidth();
        int h = box.originalHeight();
        boolean[] out = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = at((x + 0.5) / w, (y + 0.5) / h);
            }
        }
        return out;
    }

    /** Whether the point at fractions {@code (fx, fy)} of the image's width and height lies in the lungs. */
    public boolean at(double fx, double fy) {
        int u = (int) Math.floor(box.padLeft() + fx * box.contentWidth());
        int v = (int) Math.floor(box.padTop() + fy * box.contentHeight());
        int s = box.inputSize();
        return u >= 0 && v >= 0 && u < s && v < s && lungs[v * s + u];
    }
}
