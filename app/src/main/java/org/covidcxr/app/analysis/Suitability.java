package org.covidcxr.app.analysis;

import java.util.ArrayList;
import java.util.List;
import org.covidcxr.dicom.FrontalChestCheck;
import org.covidcxr.dicom.StudyInfo;
import org.covidcxr.dicom.XrayImage;

/**
 * Whether the model was made for this image, judged from what the file says ({@link FrontalChestCheck}) and from
 * its pixels; anything else is flagged rather than silently scored, and the user may still run the analysis
 * explicitly.
 *
 * @param reasons why the model should not judge the image; empty when it may
 */
public record Suitability(List<String> reasons) {

    public Suitability {
        reasons = List.copyOf(reasons);
    }

    /** Smallest side of a radiograph the model is asked to judge; smaller images cannot show the lungs. */
    static final int MIN_SIDE = 128;
    /** Longest side over shortest side beyond which an image is no chest radiograph (those are about 0.7–1.4). */
    static final double MAX_ASPECT = 3;

    public static Suitability of(StudyInfo study) {
        return new Suitability(FrontalChestCheck.concerns(study).stream().map(FrontalChestCheck.Concern::message)
                .toList());
    }

    /**
     * What the file says, plus what the pixels show: a blank, tiny or strip-shaped image carries nothing the model
     * could judge, yet the network still answers (often with confidence).
     */
    public static Suitability of(XrayImage image) {
        List<String> reasons = new ArrayList<>(of(image.study()).reasons());
        int shortSide = Math.min(image.width(), image.height());
        int longSide = Math.max(image.width(), image.height());
        if (!(image.maxValue() > image.minValue())) {
            reasons.add("The image is blank (every pixel has the same value).");
        }
        if (shortSide < MIN_SIDE) {
            reasons.add("The image is only " + image.width() + " x " + image.height() + " pixels, too small to show "
                    + "the lungs.");
        } else if (longSide > MAX_ASPECT * shortSide) {
            reasons.add("The image is " + image.width() + " x " + image.height() + " pixels, far too elongated for a "
                    + "chest radiograph.");
        }
        return new Suitability(reasons);
    }

    public boolean suitable() {
        return reasons.isEmpty();
    }
}
