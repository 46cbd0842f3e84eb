package org.covidcxr.app.session;

import java.util.Arrays;
import java.util.Optional;
import org.covidcxr.dicom.Window;
import org.covidcxr.dicom.XrayImage;

/**
 * The viewer's window presets. Radiographs have no calibrated units (unlike CT's Hounsfield), so "lung" and
 * "bone / soft tissue" are defined on the image's own histogram: lung spreads the dark part of the displayed image
 * (aerated lung), bone / soft tissue the bright part. Percentiles are taken in display polarity, so MONOCHROME1
 * files get the same look as MONOCHROME2.
 */
public enum WindowPresets {
    /** The file's own VOI (VOI LUT, else first window, else full range): an empty window. */
    DEFAULT("Default (from file)"),
    LUNG("Lung"),
    BONE("Bone / soft tissue"),
    FULL_RANGE("Full range");

    private static final int SAMPLES = 65_536;

    private final String label;

    WindowPresets(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The window of this preset for the image; empty for {@link #DEFAULT} (use the file's VOI). */
    public Optional<Window> windowFor(XrayImage image) {
        return switch (this) {
            case DEFAULT -> Optional.empty();
            case FULL_RANGE -> Optional.of(between(image.minValue(), image.maxValue(), label));
            case LUNG -> Optional.of(displayPercentiles(image, 0.01, 0.70, label));
            case BONE -> Optional.of(displayPercentiles(image, 0.40, 0.995, label));
        };
    }

    @Override
    public String toString() {
        return label;
    }

    private static Window displayPercentiles(XrayImage image, double darkFraction, double brightFraction,
                                             String name) {
        float[] sample = sample(image);
        boolean mono1 = image.photometric().invertedForDisplay();
        // In MONOCHROME1 low values are bright: the "dark" percentile lies at the top of the value range.
        double lo = percentile(sample, mono1 ? 1 - brightFraction : darkFraction);
        double hi = percentile(sample, mono1 ? 1 - darkFraction : brightFraction);
        return between(lo, hi, name);
    }

    private static Window between(double lo, double hi, String name) {
        double width = Math.max(1, hi - lo);
        return new Window(lo + width / 2, width, name);
    }

    private static float[] sample(XrayImage image) {
        var values = image.values();
        int n = values.remaining();
        int step = Math.max(1, n / SAMPLES);
        float[] out = new float[(n + step - 1) / step];
        for (int i = 0, j = 0; i < n && j < out.length; i += step, j++) {
            out[j] = values.get(i);
        }
        Arrays.sort(out);
        return out;
    }

    private static double percentile(float[] sorted, double fraction) {
        int i = (int) Math.round(fraction * (sorted.length - 1));
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
