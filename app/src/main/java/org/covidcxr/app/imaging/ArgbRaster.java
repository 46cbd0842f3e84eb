package org.covidcxr.app.imaging;

/**
 * Pixels ready for the screen, packed 0xAARRGGBB, row-major. The toolkit-free hand-over from ViewModels to views
 * (views turn it into a JavaFX image), so ViewModels stay testable without JavaFX running.
 */
public record ArgbRaster(int width, int height, int[] pixels) {
    public ArgbRaster {
        if (width <= 0 || height <= 0 || (long) width * height != pixels.length) {
            throw new IllegalArgumentException(pixels.length + " pixels do not fill " + width + " x " + height);
        }
    }

    public int pixel(int x, int y) {
        return pixels[y * width + x];
    }

    /** Opaque grey pixels from 8-bit values. */
    public static ArgbRaster grey(int width, int height, byte[] grey) {
        int[] argb = new int[grey.length];
        for (int i = 0; i < argb.length; i++) {
            int g = grey[i] & 0xff;
            argb[i] = 0xff000000 | g << 16 | g << 8 | g;
        }
        return new ArgbRaster(width, height, argb);
    }

    /**
     * Opaque grey pixels, scaled down (nearest neighbour) so the longer side is at most {@code maxSide}: the same as
     * {@code grey(…).scaledToFit(maxSide)} without first expanding the whole radiograph to 32-bit pixels.
     */
    public static ArgbRaster greyScaledToFit(int width, int height, byte[] grey, int maxSide) {
        double s = Math.min(1.0, (double) maxSide / Math.max(width, height));
        int w = Math.max(1, (int) Math.round(width * s));
        int h = Math.max(1, (int) Math.round(height * s));
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(height - 1, (int) (y / s));
            for (int x = 0; x < w; x++) {
                out[y * w + x] = grey[sy * width + Math.min(width - 1, (int) (x / s))];
            }
        }
        return grey(w, h, out);
    }

    /** A smaller copy (nearest neighbour) whose longer side is at most {@code maxSide}, e.g. for thumbnails. */
    public ArgbRaster scaledToFit(int maxSide) {
        double s = Math.min(1.0, (double) maxSide / Math.max(width, height));
        int w = Math.max(1, (int) Math.round(width * s));
        int h = Math.max(1, (int) Math.round(height * s));
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            int sy = Math.min(height - 1, (int) (y / s));
            for (int x = 0; x < w; x++) {
                out[y * w + x] = pixels[sy * width + Math.min(width - 1, (int) (x / s))];
            }
        }
        return new ArgbRaster(w, h, out);
    }
}
