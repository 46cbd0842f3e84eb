package org.covidcxr.inference.serving;

/**
 * A per-pixel map over an image, row-major, registered to that image: {@code value(x, y)} belongs to pixel
 * (x, y). Grad-CAM maps from {@link CovidClassifier} are in [0, 1], scaled so that their maximum is 1 (see
 * {@link CamRegistration}).
 *
 * @param values width*height values; taken over, not copied (maps of large radiographs are big), so callers must
 *               not modify the array
 */
public record HeatMap(int width, int height, float[] values) {

    public HeatMap {
        if (width <= 0 || height <= 0 || (long) width * height != values.length) {
            throw new IllegalArgumentException("heat map of " + values.length + " values does not match "
                    + width + " x " + height);
        }
    }

    /** Value at column x, row y. */
    public float value(int x, int y) {
        return values[y * width + x];
    }

    /** The largest value; 0 for a map without any positive evidence. */
    public float max() {
        float max = 0f;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
