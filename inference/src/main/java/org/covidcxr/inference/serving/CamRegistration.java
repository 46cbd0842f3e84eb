package org.covidcxr.inference.serving;

import org.covidcxr.inference.Letterbox;

/**
 * Places a Grad-CAM map from the network's last-convolution grid on the original image.
 *
 * <p>The {@code h x w} grid covers the whole square input, cell {@code j} centred on input coordinate
 * {@code (j + 0.5) * inputSize / w} (continuous pixel-edge coordinates). Original pixel {@code (x, y)} has its centre
 * at input coordinate {@code padLeft + (x + 0.5) * scaleX} (see {@link Letterbox}); the map is sampled there
 * bilinearly, clamped at the grid border. So the padding never reaches the result and pixel (x, y) of the map
 * belongs to pixel (x, y) of the image. The map stays at its grid ({@link HeatMap}); it is sampled when drawn.
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
        float[] grid = new float[h * w];
        System.arraycopy(cam, offset, grid, 0, grid.length);
        HeatMap raw = new HeatMap(grid, w,
                HeatMap.Axis.placed(letterbox.originalWidth(), letterbox.padLeft(), letterbox.scaleX(), w,
                        letterbox.inputSize()),
                HeatMap.Axis.placed(letterbox.originalHeight(), letterbox.padTop(), letterbox.scaleY(), h,
                        letterbox.inputSize()), 1f);
        float max = raw.max();
        if (!Float.isFinite(max)) {
            throw new IllegalStateException("the model produced a non-finite Grad-CAM map; the model bundle is "
                    + "damaged or was exported wrongly. Re-import or roll back the model.");
        }
        return max > 0f ? raw.dividedBy(max) : raw; // an all-zero map stays zero
    }
}
