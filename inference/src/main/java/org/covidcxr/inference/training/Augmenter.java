package org.covidcxr.inference.training;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.util.SplittableRandom;
import org.covidcxr.inference.JpegRoundTrip;
import org.covidcxr.inference.Preprocessor;

/**
 * Training-only augmentation on preprocessed inputs, a pure function of (seed, epoch, image index): the same run
 * sees the same augmented images, also after a resume. Applies, in order: a random affine map (rotation up to
 * ±{@value #MAX_ROTATION_DEGREES}°, scale ×{@value #MIN_SCALE}–{@value #MAX_SCALE}, translation up to
 * ±{@value #MAX_SHIFT} of the side; bilinear, black outside), then in [0, 1] intensity space gamma
 * {@value #MIN_GAMMA}–{@value #MAX_GAMMA}, contrast ×0.85–1.15 about 0.5, brightness ±0.08, Gaussian noise
 * σ ≤ 0.02, and clipping to [0, 1]. No flips: the heart's side is anatomy, not noise.
 *
 * <p>With text markers, half the images of every class also get white burnt-in text near an edge, as portable units
 * and some sites stamp their films: the shortcut audit found 1.1.0 calling 40 % of non-COVID films "COVID-19
 * suspected" once such text was added, so the marker must stop telling the classes apart.
 *
 * <p>With acquisition nuisance, half the images of every class are also re-processed as another source might have
 * processed them: one of JPEG re-compression (quality 20–90), down- and up-sampling (to 25–70 % of the side),
 * sharpening or blurring, with gamma and contrast drawn from wider ranges ({@value #NUISANCE_MIN_GAMMA}–{@value
 * #NUISANCE_MAX_GAMMA}, ×0.7–1.3): the changes the shortcut audit applies, so that none of them tells the classes
 * apart.
 */
public final class Augmenter {
    static final double MAX_ROTATION_DEGREES = 10;
    static final double MIN_SCALE = 0.9;
    static final double MAX_SCALE = 1.1;
    static final double MAX_SHIFT = 0.06;
    static final double MIN_GAMMA = 0.8;
    static final double MAX_GAMMA = 1.25;
    static final double NUISANCE_MIN_GAMMA = 0.65;
    static final double NUISANCE_MAX_GAMMA = 1.5;
    private static final long NUISANCE_SALT = 0x5DEECE66DL;

    private static final String[] MARKER_TEXTS = {"PORTABLE AP", "PORTABLE", "AP", "PA", "L", "R", "SUPINE",
        "ERECT", "SEMI-ERECT", "AP SITTING", "12:40", "03/04"};

    private final long seed;
    private final ShortcutDefences defences;

    public Augmenter(long seed) {
        this(seed, ShortcutDefences.NONE);
    }

    /** Uses the augmenting options of {@code defences}: text markers and acquisition nuisance. */
    public Augmenter(long seed, ShortcutDefences defences) {
        this.seed = seed;
        this.defences = defences;
    }

    /** Writes the augmented version of {@code src} (a {@code size x size} input) into {@code dst}. */
    public void augment(float[] src, int size, int epoch, int index, float[] dst) {
        SplittableRandom random = new SplittableRandom(mix(seed, epoch, index));
        double angle = Math.toRadians(uniform(random, -MAX_ROTATION_DEGREES, MAX_ROTATION_DEGREES));
        double scale = uniform(random, MIN_SCALE, MAX_SCALE);
        double shiftX = uniform(random, -MAX_SHIFT, MAX_SHIFT) * size;
        double shiftY = uniform(random, -MAX_SHIFT, MAX_SHIFT) * size;
        double gamma = Math.exp(uniform(random, Math.log(MIN_GAMMA), Math.log(MAX_GAMMA)));
        double contrast = uniform(random, 0.85, 1.15);
        // a stream of its own, so that the images nuisance leaves alone are augmented exactly as without it
        SplittableRandom other = new SplittableRandom(mix(seed ^ NUISANCE_SALT, epoch, index));
        boolean nuisance = defences.nuisance() && other.nextBoolean();
        if (nuisance) {
            gamma = Math.exp(uniform(other, Math.log(NUISANCE_MIN_GAMMA), Math.log(NUISANCE_MAX_GAMMA)));
            contrast = uniform(other, 0.7, 1.3);
        }
        double brightness = uniform(random, -0.08, 0.08);
        double noise = uniform(random, 0, 0.02);
        // inverse map: output pixel centre → source position, about the image centre
        double cos = Math.cos(angle) / scale;
        double sin = Math.sin(angle) / scale;
        double c = (size - 1) / 2.0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dx = x - c - shiftX;
                double dy = y - c - shiftY;
                double sx = cos * dx + sin * dy + c;
                double sy = -sin * dx + cos * dy + c;
                double v = Math.min(1, Math.max(0, Preprocessor.unstandardise(bilinear(src, size, sx, sy))));
                v = (Math.pow(v, gamma) - 0.5) * contrast + 0.5 + brightness + noise * random.nextGaussian();
                dst[y * size + x] = Preprocessor.standardise((float) Math.min(1, Math.max(0, v)));
            }
        }
        if (nuisance) {
            reprocess(dst, size, other);
        }
        if (defences.textMarkers() && random.nextBoolean()) {
            stampText(dst, size, random);
        }
    }

    /** One acquisition change, applied to the 8-bit image as a source's software would apply it. */
    private static void reprocess(float[] pixels, int size, SplittableRandom random) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) Math.round(255 * Math.min(1, Math.max(0, Preprocessor.unstandardise(pixels[i]))));
        }
        BufferedImage changed = switch (random.nextInt(4)) {
            case 0 -> JpegRoundTrip.of(image, (float) uniform(random, 0.2, 0.9));
            case 1 -> resampled(image, uniform(random, 0.25, 0.7));
            case 2 -> convolved(image, new float[] {0, -0.5f, 0, -0.5f, 3, -0.5f, 0, -0.5f, 0});
            default -> convolved(image, new float[] {1 / 16f, 2 / 16f, 1 / 16f, 2 / 16f, 4 / 16f, 2 / 16f, 1 / 16f,
                2 / 16f, 1 / 16f});
        };
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                pixels[y * size + x] = Preprocessor.standardise(changed.getRaster().getSample(x, y, 0) / 255f);
            }
        }
    }

    private static BufferedImage resampled(BufferedImage image, double factor) {
        int side = image.getWidth();
        int small = Math.max(8, (int) Math.round(side * factor));
        return scaled(scaled(image, small), side);
    }

    private static BufferedImage scaled(BufferedImage image, int side) {
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
                    java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, side, side, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage convolved(BufferedImage image, float[] kernel) {
        return new ConvolveOp(new Kernel(3, 3, kernel), ConvolveOp.EDGE_NO_OP, null).filter(image, null);
    }

    /** White text of 6–12 % of the side, in a random corner band. */
    private static void stampText(float[] dst, int size, SplittableRandom random) {
        String text = MARKER_TEXTS[random.nextInt(MARKER_TEXTS.length)];
        BufferedImage stamp = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY);
        Graphics2D g = stamp.createGraphics();
        try {
            int fontSize = Math.max(6, (int) Math.round(size * uniform(random, 0.06, 0.12)));
            g.setFont(new Font(Font.SANS_SERIF, random.nextBoolean() ? Font.BOLD : Font.PLAIN, fontSize));
            g.setColor(Color.WHITE);
            int width = g.getFontMetrics().stringWidth(text);
            int x = random.nextBoolean() ? random.nextInt(Math.max(1, size / 10))
                    : Math.max(0, size - width - random.nextInt(Math.max(1, size / 10)));
            int y = random.nextBoolean() ? fontSize + random.nextInt(Math.max(1, size / 10))
                    : size - random.nextInt(Math.max(1, size / 10)) - 2;
            g.drawString(text, x, y);
        } finally {
            g.dispose();
        }
        float white = Preprocessor.standardise(1f);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (stamp.getRaster().getSample(x, y, 0) != 0) {
                    dst[y * size + x] = white;
                }
            }
        }
    }

    private static float bilinear(float[] src, int size, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        double v = (1 - fy) * ((1 - fx) * at(src, size, x0, y0) + fx * at(src, size, x0 + 1, y0))
                + fy * ((1 - fx) * at(src, size, x0, y0 + 1) + fx * at(src, size, x0 + 1, y0 + 1));
        return (float) v;
    }

    private static float at(float[] src, int size, int x, int y) {
        return x < 0 || y < 0 || x >= size || y >= size ? Preprocessor.standardise(0f) : src[y * size + x];
    }

    private static double uniform(SplittableRandom random, double lo, double hi) {
        return lo + (hi - lo) * random.nextDouble();
    }

    static long mix(long seed, int epoch, int index) {
        return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1)) ^ ((long) index << 32)).nextLong();
    }
}
