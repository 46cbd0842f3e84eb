package org.covidcxr.inference.serving;

import org.covidcxr.inference.Letterbox;

/**
 * Brings a Grad-CAM map from the network's last-convolution grid back onto the original image.
 *
 * <p>The {@code h x w} grid covers the whole square input, cell {@code j} centred on input coordinate
 * {@code (j + 0.5) * inputSize / w} (continuous pixel-edge coordinates). Original pixel {@code (x, y)} has its centre
 * at input coordinate {@code padLeft + (x + 0.5) * scaleX} (see {@link Letterbox}); the map is sampled there
 * bilinearly, clamped at the grid border. So the padding never reaches the result and pixel (x, y) of the map
 * belongs to pixel (x, y) of the image.
 *
 * <p>Normalisation: each map is divided by its own maximum over the image (after the padding is removed), so its
 * hottest pixel is 1 and zero stays "no evidence". A map without any positive value stays all zeros.
 */
public final class CamRegistration {

    private CamRegistration() {
    }

    /**
     * @param cam       Grad-CAM values, row-major {@code h x w} grid starting at {@code offset}
     * @param letterbox geometry of the prepared image the CAM was computed on
     */
    public static HeatMap register(float[] cam, int offset, int h, int w, Letterbox letterbox) {
        int width = letterbox.originalWidth();
        int height = letterbox.originalHeight();
        Axis columns = Axis.of(width, letterbox.padLeft(), letterbox.scaleX(), w, letterbox.inputSize());
        Axis rows = Axis.of(height, letterbox.padTop(), letterbox.scaleY(), h, letterbox.inputSize());

        // Separable: first along x for every grid row, then along y.
        float[] wide = new float[h * width];
        for (int r = 0; r < h; r++) {
            int base = offset + r * w;
            for (int x = 0; x < width; x++) {
                wide[r * width + x] = lerp(cam[base + columns.low[x]], cam[base + columns.high[x]],
                        columns.weight[x]);
            }
        }
        // Two passes over the image: the maximum first (reading only the small, cached grid rows), then the
        // normalised values, computed the same way so that the hottest pixel is exactly max / max = 1.
        float max = 0f;
        for (int y = 0; y < height; y++) {
            int lo = rows.low[y] * width;
            int hi = rows.high[y] * width;
            float f = rows.weight[y];
            for (int x = 0; x < width; x++) {
                max = Math.max(max, lerp(wide[lo + x], wide[hi + x], f));
            }
        }
        if (!Float.isFinite(max)) {
            throw new IllegalStateException("the model produced a non-finite Grad-CAM map; the model bundle is "
                    + "damaged or was exported wrongly. Re-import or roll back the model.");
        }
        float[] values = new float[width * height];
        if (max > 0f) {
            for (int y = 0; y < height; y++) {
                int lo = rows.low[y] * width;
                int hi = rows.high[y] * width;
                float f = rows.weight[y];
                for (int x = 0; x < width; x++) {
                    values[y * width + x] = lerp(wide[lo + x], wide[hi + x], f) / max;
                }
            }
        }
        return new HeatMap(width, height, values);
    }

    private static float lerp(float a, float b, float f) {
        return a * (1f - f) + b * f;
    }

    /** For each original pixel index along one axis: the two neighbouring grid cells and the weight of the upper. */
    private record Axis(int[] low, int[] high, float[] weight) {

        static Axis of(int pixels, int pad, double scale, int cells, int inputSize) {
            int[] low = new int[pixels];
            int[] high = new int[pixels];
            float[] weight = new float[pixels];
            double cellsPerInputPixel = (double) cells / inputSize;
            for (int i = 0; i < pixels; i++) {
                double input = pad + (i + 0.5) * scale;
                double c = Math.min(cells - 1, Math.max(0.0, input * cellsPerInputPixel - 0.5));
                int c0 = (int) Math.floor(c);
                low[i] = c0;
                high[i] = Math.min(c0 + 1, cells - 1);
                weight[i] = (float) (c - c0);
            }
            return new Axis(low, high, weight);
        }
    }
}
