package org.covidcxr.dicom;

import java.util.Objects;
import java.util.Optional;

/**
 * How to turn an {@link XrayImage} into grey levels: which VOI transform, the window when one is used, and the
 * user's invert toggle (applied on top of the MONOCHROME1 inversion, which is always applied).
 *
 * @param voiSource where the VOI transform comes from
 * @param window    the window in modality units; required for {@link VoiSource#WINDOW}, ignored otherwise
 * @param invert    user's choice to show the image negative
 */
public record DisplaySettings(VoiSource voiSource, Optional<Window> window, boolean invert) {

    /** The VOI stage of the pipeline (PS3.3 C.11.2). */
    public enum VoiSource {
        /** The file's VOI LUT Sequence (first item). */
        VOI_LUT,
        /** A linear window: the file's, a preset's or the user's. */
        WINDOW,
        /** The image's minimum to maximum value, linearly. */
        MIN_MAX
    }

    public DisplaySettings {
        Objects.requireNonNull(voiSource, "voiSource");
        window = window == null ? Optional.empty() : window;
        if (voiSource == VoiSource.WINDOW && window.isEmpty()) {
            throw new IllegalArgumentException("a WINDOW VOI needs a window");
        }
    }

    /** What the file asks for: its VOI LUT if present, else its first window, else min–max (issue 2's order). */
    public static DisplaySettings fileDefault(XrayImage image) {
        if (image.voiLut().isPresent()) {
            return new DisplaySettings(VoiSource.VOI_LUT, Optional.empty(), false);
        }
        if (!image.windows().isEmpty()) {
            return new DisplaySettings(VoiSource.WINDOW, Optional.of(image.windows().get(0)), false);
        }
        return new DisplaySettings(VoiSource.MIN_MAX, Optional.empty(), false);
    }

    /** The same settings with a user or preset window (window/level drag). */
    public DisplaySettings withWindow(Window newWindow) {
        return new DisplaySettings(VoiSource.WINDOW, Optional.of(newWindow), invert);
    }

    public DisplaySettings withInvert(boolean newInvert) {
        return new DisplaySettings(voiSource, window, newInvert);
    }

    /**
     * The window these settings amount to on this image, as the starting point of a window/level drag: the window
     * itself, the full value range for min–max, or the input range of the VOI LUT.
     */
    public Window effectiveWindow(XrayImage image) {
        return switch (voiSource) {
            case WINDOW -> window.orElseThrow();
            case MIN_MAX -> fullRange(image);
            case VOI_LUT -> image.voiLut()
                    .map(lut -> new Window(lut.firstMapped() + lut.table().length / 2.0,
                            Math.max(1, lut.table().length), "VOI LUT"))
                    .orElseGet(() -> fullRange(image));
        };
    }

    static Window fullRange(XrayImage image) {
        double width = Math.max(1, (double) image.maxValue() - image.minValue() + 1);
        return new Window(image.minValue() + width / 2, width, "full range");
    }
}
