package org.covidcxr.app.analysis;

import java.util.ArrayList;
import java.util.List;
import org.covidcxr.dicom.FrontalChestCheck;
import org.covidcxr.dicom.ImageContentCheck;
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

    public static Suitability of(StudyInfo study) {
        return new Suitability(FrontalChestCheck.concerns(study).stream().map(FrontalChestCheck.Concern::message)
                .toList());
    }

    /** What the file says, plus what the pixels show ({@link ImageContentCheck}). */
    public static Suitability of(XrayImage image) {
        List<String> reasons = new ArrayList<>(of(image.study()).reasons());
        reasons.addAll(ImageContentCheck.concerns(image));
        return new Suitability(reasons);
    }

    public boolean suitable() {
        return reasons.isEmpty();
    }
}
