package org.covidcxr.dicom;

import java.util.ArrayList;
import java.util.List;

/**
 * What the pixels say about whether an image can be a chest radiograph, whatever its file claims: a blank, tiny or
 * strip-shaped image carries nothing a chest model could judge, yet a network still answers (often with confidence).
 * Used by the workstation before analysing and by the training wizard before training.
 */
public final class ImageContentCheck {
    /** Smallest side a radiograph may have; smaller images cannot show the lungs. */
    public static final int MIN_SIDE = 128;
    /** Longest side over shortest side beyond which an image is no chest radiograph (those are about 0.7–1.4). */
    public static final double MAX_ASPECT = 3;

    private ImageContentCheck() {
    }

    /** Why the image cannot be a chest radiograph; empty when nothing speaks against it. */
    public static List<String> concerns(XrayImage image) {
        List<String> concerns = new ArrayList<>();
        int shortSide = Math.min(image.width(), image.height());
        int longSide = Math.max(image.width(), image.height());
        if (!(image.maxValue() > image.minValue())) {
            concerns.add("The image is blank (every pixel has the same value).");
        }
        if (shortSide < MIN_SIDE) {
            concerns.add("The image is only " + image.width() + " x " + image.height() + " pixels, too small to show "
                    + "the lungs.");
        } else if (longSide > MAX_ASPECT * shortSide) {
            concerns.add("The image is " + image.width() + " x " + image.height() + " pixels, far too elongated for "
                    + "a chest radiograph.");
        }
        return concerns;
    }
}
