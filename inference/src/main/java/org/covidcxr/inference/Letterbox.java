package org.covidcxr.inference;

/**
 * Where the original image lies inside the square network input after the aspect-preserving resize and padding.
 * In continuous pixel-edge coordinates, input {@code u} maps to original {@code (u - padLeft) / scaleX()} (and the
 * same for rows), so a map over the input (e.g. Grad-CAM) is registered to the original by cropping the content
 * rectangle {@code [padLeft, padLeft + contentWidth) x [padTop, padTop + contentHeight)} and stretching it to the
 * original size.
 *
 * @param inputSize      side of the square network input, in pixels
 * @param originalWidth  width of the image that was prepared
 * @param originalHeight height of the image that was prepared
 * @param padLeft        columns of padding left of the content
 * @param padTop         rows of padding above the content
 * @param contentWidth   columns the resized image occupies
 * @param contentHeight  rows the resized image occupies
 */
public record Letterbox(int inputSize, int originalWidth, int originalHeight, int padLeft, int padTop,
                        int contentWidth, int contentHeight) {

    public Letterbox {
        if (padLeft < 0 || padTop < 0 || contentWidth < 1 || contentHeight < 1
                || padLeft + contentWidth > inputSize || padTop + contentHeight > inputSize) {
            throw new IllegalArgumentException("content rectangle outside the " + inputSize + " px input");
        }
    }

    /** Fits {@code width x height} into {@code inputSize}², longer side filling it, content centred. */
    public static Letterbox fit(int width, int height, int inputSize) {
        double scale = (double) inputSize / Math.max(width, height);
        int cw = Math.max(1, Math.min(inputSize, (int) Math.round(width * scale)));
        int ch = Math.max(1, Math.min(inputSize, (int) Math.round(height * scale)));
        return new Letterbox(inputSize, width, height, (inputSize - cw) / 2, (inputSize - ch) / 2, cw, ch);
    }

    /** Input pixels per original pixel, horizontally. */
    public double scaleX() {
        return (double) contentWidth / originalWidth;
    }

    /** Input pixels per original pixel, vertically. */
    public double scaleY() {
        return (double) contentHeight / originalHeight;
    }
}
