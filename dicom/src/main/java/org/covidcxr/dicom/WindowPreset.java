package org.covidcxr.dicom;

import java.util.Optional;

/**
 * Named display presets for the viewer (UI-free). Projection radiographs are not calibrated like CT Hounsfield
 * units, so fixed numeric windows would mean nothing across devices; the anatomical presets are defined instead on
 * the image's own histogram, in display-brightness order (so MONOCHROME1 behaves like MONOCHROME2): a window spanning
 * the given fractions of the pixels, darkest first.
 */
public enum WindowPreset {
    /** What the file asks for: VOI LUT, else its first window, else full range. */
    FILE_DEFAULT("From file", 0, 0),
    /** The darker part of the histogram (air, lung fields), stretched: vessels and opacities within the lungs. */
    LUNG("Lung", 0.02, 0.60),
    /** Mid-range contrast for mediastinum, diaphragm and soft tissue. */
    SOFT_TISSUE("Soft tissue", 0.10, 0.90),
    /** The brighter part (spine, ribs, clavicles). */
    BONE("Bone", 0.45, 0.995),
    /** The image's whole value range, linearly. */
    FULL_RANGE("Full range", 0, 1);

    private static final int BINS = 4096;

    private final String label;
    private final double darkFraction;
    private final double brightFraction;

    WindowPreset(String label, double darkFraction, double brightFraction) {
        this.label = label;
        this.darkFraction = darkFraction;
        this.brightFraction = brightFraction;
    }

    /** Name to show in menus. */
    public String label() {
        return label;
    }

    /** Settings for this preset on this image, keeping the user's invert choice. */
    public DisplaySettings settingsFor(XrayImage image, boolean invert) {
        return switch (this) {
            case FILE_DEFAULT -> DisplaySettings.fileDefault(image).withInvert(invert);
            case FULL_RANGE -> new DisplaySettings(DisplaySettings.VoiSource.MIN_MAX, Optional.empty(), invert);
            default -> new DisplaySettings(DisplaySettings.VoiSource.WINDOW, Optional.of(window(image)), invert);
        };
    }

    private Window window(XrayImage image) {
        // MONOCHROME1 shows low values bright, so its darkest pixels are at the top of the value range.
        boolean reversed = image.photometric().invertedForDisplay();
        double lowFraction = reversed ? 1 - brightFraction : darkFraction;
        double highFraction = reversed ? 1 - darkFraction : brightFraction;
        double[] bounds = quantiles(image, lowFraction, highFraction);
        double width = Math.max(1, bounds[1] - bounds[0]);
        return new Window((bounds[0] + bounds[1]) / 2, width, label.toLowerCase());
    }

    /** Approximate quantiles from a histogram over [min, max] (4096 bins: finer than any display difference). */
    private static double[] quantiles(XrayImage image, double low, double high) {
        double min = image.minValue();
        double span = Math.max(1e-6, (double) image.maxValue() - min);
        int[] histogram = new int[BINS];
        float[] values = image.valuesArray();
        double scale = (BINS - 1) / span;
        for (float v : values) {
            histogram[(int) ((v - min) * scale)]++;
        }
        double[] result = new double[2];
        double[] targets = {low * values.length, high * values.length};
        long seen = 0;
        int t = 0;
        for (int bin = 0; bin < BINS && t < 2; bin++) {
            seen += histogram[bin];
            while (t < 2 && seen >= targets[t]) {
                result[t++] = min + bin / scale;
            }
        }
        while (t < 2) {
            result[t++] = image.maxValue();
        }
        return result;
    }
}
