package org.covidcxr.inference;

/**
 * One image ready for the network: {@code size x size} standardised values, row-major (the [H, W, 1] slice of the
 * model input), and the letterbox geometry that maps input pixels back to the original image.
 */
public record PreparedImage(float[] pixels, Letterbox letterbox) {

    public PreparedImage {
        int side = letterbox.inputSize();
        if (pixels.length != side * side) {
            throw new IllegalArgumentException(pixels.length + " values for a " + side + " px square input");
        }
    }

    public int size() {
        return letterbox.inputSize();
    }
}
