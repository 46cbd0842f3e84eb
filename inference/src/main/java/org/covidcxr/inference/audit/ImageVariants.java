package org.covidcxr.inference.audit;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.function.UnaryOperator;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.inference.JpegRoundTrip;

/**
 * Versions of an image that a model reading disease should score like the original (acquisition nuisance) or should
 * not be able to score at all (lungs hidden, only the border kept). Values stay in the image's own range and units,
 * so the one preprocessing path treats them like any image.
 */
public final class ImageVariants {
    /** A re-processing that another hospital's equipment or software could have applied. */
    public record Nuisance(String name, UnaryOperator<XrayImage> apply) {
    }

    /** JPEG re-compression, resampling, gamma, contrast, sharpening and a burnt-in text marker. */
    public static final List<Nuisance> NUISANCES = List.of(
            new Nuisance("JPEG quality 30", x -> jpeg(x, 0.30f)),
            new Nuisance("JPEG quality 70", x -> jpeg(x, 0.70f)),
            new Nuisance("half resolution and back", x -> resampled(x, 0.5)),
            new Nuisance("quarter resolution and back", x -> resampled(x, 0.25)),
            new Nuisance("gamma 0.7", x -> gamma(x, 0.7)),
            new Nuisance("gamma 1.4", x -> gamma(x, 1.4)),
            new Nuisance("contrast -25 %", x -> contrast(x, 0.75)),
            new Nuisance("contrast +25 %", x -> contrast(x, 1.25)),
            new Nuisance("sharpened", ImageVariants::sharpened),
            new Nuisance("text marker", ImageVariants::textMarker));

    private ImageVariants() {
    }

    /**
     * Only the outer {@code frame} of each side kept (markers, text, collimation); the rest filled with the mean of
     * what is kept, so nothing of the centre leaks into the variant.
     */
    public static XrayImage borderOnly(XrayImage image, double frame) {
        int w = image.width();
        int h = image.height();
        int fx = (int) Math.round(w * frame);
        int fy = (int) Math.round(h * frame);
        boolean[] centre = new boolean[w * h];
        for (int y = fy; y < h - fy; y++) {
            for (int x = fx; x < w - fx; x++) {
                centre[y * w + x] = true;
            }
        }
        return filled(image, centre);
    }

    /** The lung fields ({@code lungs[i]} true) filled with the mean of the rest of the image. */
    public static XrayImage lungsHidden(XrayImage image, boolean[] lungs) {
        return filled(image, lungs);
    }

    private static XrayImage filled(XrayImage image, boolean[] hide) {
        float[] v = values(image);
        double sum = 0;
        long kept = 0;
        for (int i = 0; i < v.length; i++) {
            if (!hide[i]) {
                sum += v[i];
                kept++;
            }
        }
        float fill = kept == 0 ? mean(image) : (float) (sum / kept);
        for (int i = 0; i < v.length; i++) {
            if (hide[i]) {
                v[i] = fill;
            }
        }
        return like(image, v);
    }

    static XrayImage jpeg(XrayImage image, float quality) {
        float lo = image.minValue();
        float span = Math.max(1e-6f, image.maxValue() - lo);
        BufferedImage grey = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
        float[] v = values(image);
        for (int i = 0; i < v.length; i++) {
            grey.getRaster().setSample(i % image.width(), i / image.width(), 0,
                    Math.round(255 * (v[i] - lo) / span));
        }
        BufferedImage decoded = JpegRoundTrip.of(grey, quality);
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + span * decoded.getRaster().getSample(i % image.width(), i / image.width(), 0) / 255f;
        }
        return like(image, v);
    }

    /** Down to {@code factor} of the size and back up, bilinear both ways. */
    static XrayImage resampled(XrayImage image, double factor) {
        int w = image.width();
        int h = image.height();
        int sw = Math.max(2, (int) Math.round(w * factor));
        int sh = Math.max(2, (int) Math.round(h * factor));
        float[] small = bilinear(values(image), w, h, sw, sh);
        return like(image, bilinear(small, sw, sh, w, h));
    }

    static XrayImage gamma(XrayImage image, double gamma) {
        float lo = image.minValue();
        float span = Math.max(1e-6f, image.maxValue() - lo);
        float[] v = values(image);
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + span * (float) Math.pow((v[i] - lo) / span, gamma);
        }
        return like(image, v);
    }

    static XrayImage contrast(XrayImage image, double factor) {
        float mean = mean(image);
        float[] v = values(image);
        for (int i = 0; i < v.length; i++) {
            v[i] = clamp(image, mean + (float) factor * (v[i] - mean));
        }
        return like(image, v);
    }

    /** Unsharp masking with a 3 × 3 box blur, amount 1. */
    static XrayImage sharpened(XrayImage image) {
        int w = image.width();
        int h = image.height();
        float[] v = values(image);
        float[] out = new float[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float sum = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        int yy = y + dy;
                        if (xx >= 0 && yy >= 0 && xx < w && yy < h) {
                            sum += v[yy * w + xx];
                            n++;
                        }
                    }
                }
                float centre = v[y * w + x];
                out[y * w + x] = clamp(image, 2 * centre - sum / n);
            }
        }
        return like(image, out);
    }

    /** "PORTABLE AP" burnt in at the top left in the brightest value, as portable units label their films. */
    static XrayImage textMarker(XrayImage image) {
        int w = image.width();
        int h = image.height();
        BufferedImage stamp = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY);
        Graphics2D g = stamp.createGraphics();
        try {
            g.setColor(Color.WHITE);
            int size = Math.max(8, h / 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
            g.drawString("PORTABLE AP", w / 20, h / 50 + size);
        } finally {
            g.dispose();
        }
        float[] v = values(image);
        float max = image.maxValue();
        for (int i = 0; i < v.length; i++) {
            if (stamp.getRaster().getSample(i % w, i / w, 0) != 0) {
                v[i] = max;
            }
        }
        return like(image, v);
    }

    private static float[] bilinear(float[] src, int sw, int sh, int dw, int dh) {
        float[] dst = new float[dw * dh];
        for (int y = 0; y < dh; y++) {
            double sy = Math.max(0, Math.min(sh - 1, (y + 0.5) * sh / dh - 0.5));
            int y0 = (int) sy;
            int y1 = Math.min(sh - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < dw; x++) {
                double sx = Math.max(0, Math.min(sw - 1, (x + 0.5) * sw / dw - 0.5));
                int x0 = (int) sx;
                int x1 = Math.min(sw - 1, x0 + 1);
                double fx = sx - x0;
                double top = src[y0 * sw + x0] * (1 - fx) + src[y0 * sw + x1] * fx;
                double bottom = src[y1 * sw + x0] * (1 - fx) + src[y1 * sw + x1] * fx;
                dst[y * dw + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return dst;
    }

    private static float clamp(XrayImage image, float v) {
        return Math.max(image.minValue(), Math.min(image.maxValue(), v));
    }

    private static float mean(XrayImage image) {
        FloatBuffer b = image.values();
        double sum = 0;
        while (b.hasRemaining()) {
            sum += b.get();
        }
        return (float) (sum / ((long) image.width() * image.height()));
    }

    private static float[] values(XrayImage image) {
        float[] v = new float[image.width() * image.height()];
        image.values().get(v);
        return v;
    }

    private static XrayImage like(XrayImage image, float[] values) {
        return new XrayImage(image.width(), image.height(), values, image.photometric(), image.windows(),
                image.voiLut(), image.bitsStored(), image.frameCount(), image.study());
    }
}
