package org.covidcxr.inference.serving;

import java.awt.image.BufferedImage;
import org.covidcxr.dicom.DisplayImage;

/**
 * Draws a heat map over a display image (UI-free, so the command line, the workstation and report export share it).
 * Colours come from Google's Turbo colour map; each pixel's opacity grows with its value
 * ({@code opacity * value}), so regions without evidence keep the radiograph fully visible.
 */
public final class HeatMapOverlay {
    /** Opacity of the hottest pixels unless the caller chooses another. */
    public static final float DEFAULT_OPACITY = 0.5f;

    private static final int[] TURBO = turboTable();

    private HeatMapOverlay() {
    }

    /**
     * @param display the display rendering of the image the map is registered to, at the map's resolution or another
     *                (the model analyses a large JPEG 2000 image at a reduced level; its full image is shown)
     * @param map     values in [0, 1]
     * @param opacity opacity in [0, 1] of a pixel whose value is 1
     * @return a new RGB image
     */
    public static BufferedImage render(DisplayImage display, HeatMap map, float opacity) {
        byte[] grey = display.gray8();
        int[] rgb = new int[grey.length];
        for (int i = 0; i < grey.length; i++) {
            int level = grey[i] & 0xff;
            rgb[i] = level << 16 | level << 8 | level;
        }
        return blend(rgb, display.width(), display.height(), map, opacity);
    }

    /**
     * @param display grey or colour image the map is registered to, at the map's resolution or another; not changed
     * @param map     values in [0, 1]
     * @param opacity opacity in [0, 1] of a pixel whose value is 1
     * @return a new RGB image
     */
    public static BufferedImage render(BufferedImage display, HeatMap map, float opacity) {
        return blend(displayRgb(display), display.getWidth(), display.getHeight(), map, opacity);
    }

    private static BufferedImage blend(int[] base, int w, int h, HeatMap map, float opacity) {
        // The same image at another resolution has the same shape, but for each side's rounding up when halved.
        if (Math.abs((long) w * map.height() - (long) h * map.width()) > Math.max(w, h)) {
            throw new IllegalArgumentException("the heat map (" + map.width() + " x " + map.height()
                    + ") is not registered to the display image (" + w + " x " + h
                    + "); render the map for this image");
        }
        if (!(opacity >= 0f && opacity <= 1f)) {
            throw new IllegalArgumentException("opacity must be in [0, 1], was " + opacity);
        }
        int[] mapX = mapPixels(w, map.width());
        int[] mapY = mapPixels(h, map.height());
        int[] rgb = new int[w * h];
        for (int i = 0; i < rgb.length; i++) {
            float v = Math.min(1f, Math.max(0f, map.value(mapX[i % w], mapY[i / w])));
            int colour = TURBO[Math.round(v * 255f)];
            float a = opacity * v;
            rgb[i] = mix(base[i] >> 16, colour >> 16, a) << 16
                    | mix(base[i] >> 8, colour >> 8, a) << 8
                    | mix(base[i], colour, a);
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, rgb, 0, w);
        return out;
    }

    /**
     * The heat map alone as a translucent ARGB layer of {@code width x height} pixels over the whole image, for a
     * viewer that composites it itself (e.g. over a zoomable image): colour as in {@link #render}, alpha
     * {@code value * 255}, so a layer of the image's size drawn with opacity {@code a} gives exactly what
     * {@code render(display, map, a)} gives. The map is sampled from its grid here, once, at the size it is shown.
     */
    public static int[] argbLayer(HeatMap map, int width, int height) {
        int[] imageX = mapPixels(width, map.width());
        int[] imageY = mapPixels(height, map.height());
        int[] argb = new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = Math.min(1f, Math.max(0f, map.value(imageX[x], imageY[y])));
                argb[y * width + x] = Math.round(v * 255f) << 24 | TURBO[Math.round(v * 255f)];
            }
        }
        return argb;
    }

    /** For each of {@code pixels} along a side, the pixel of the map's {@code mapPixels} whose centre it lies over. */
    private static int[] mapPixels(int pixels, int mapPixels) {
        int[] at = new int[pixels];
        for (int i = 0; i < pixels; i++) {
            at[i] = Math.min(mapPixels - 1, (int) ((i + 0.5) * mapPixels / pixels));
        }
        return at;
    }

    /** The colour (0xRRGGBB) the overlay uses for a value in [0, 1], e.g. for a legend. */
    public static int colour(float value) {
        return TURBO[Math.round(Math.min(1f, Math.max(0f, value)) * 255f)];
    }

    /**
     * The display pixels as 0xRRGGBB. Grey images are read as their stored levels: {@code getRGB} would pass them
     * through Java's linear-grey colour space and brighten them.
     */
    private static int[] displayRgb(BufferedImage display) {
        int w = display.getWidth();
        int h = display.getHeight();
        if (display.getColorModel().getNumComponents() != 1) {
            return display.getRGB(0, 0, w, h, null, 0, w);
        }
        int shift = Math.max(0, display.getColorModel().getComponentSize(0) - 8);
        int[] levels = display.getRaster().getPixels(0, 0, w, h, (int[]) null);
        for (int i = 0; i < levels.length; i++) {
            int level = levels[i] >> shift;
            levels[i] = level << 16 | level << 8 | level;
        }
        return levels;
    }

    private static int mix(int under, int over, float alpha) {
        return Math.round((under & 0xff) * (1f - alpha) + (over & 0xff) * alpha);
    }

    // Polynomial approximation of Turbo (A. Mikhailov, Google AI blog, 2019): perceptually ordered, no dark ends.
    private static int[] turboTable() {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            double x = i / 255.0;
            double r = 0.13572138 + x * (4.61539260 + x * (-42.66032258 + x * (132.13108234 + x * (-152.94239396
                    + x * 59.28637943))));
            double g = 0.09140261 + x * (2.19418839 + x * (4.84296658 + x * (-14.18503333 + x * (4.27729857
                    + x * 2.82956604))));
            double b = 0.10667330 + x * (12.64194608 + x * (-60.58204836 + x * (110.36276771 + x * (-89.90310912
                    + x * 27.34824973))));
            table[i] = channel(r) << 16 | channel(g) << 8 | channel(b);
        }
        return table;
    }

    private static int channel(double v) {
        return (int) Math.round(Math.min(1.0, Math.max(0.0, v)) * 255.0);
    }
}
