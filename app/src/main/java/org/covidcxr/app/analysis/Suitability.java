package org.covidcxr.app.analysis;

import java.util.List;
import org.covidcxr.dicom.FrontalChestCheck;
import org.covidcxr.dicom.StudyInfo;

/**
 * Whether the model was made for this image, judged from what the file says ({@link FrontalChestCheck}); anything
 * else is flagged rather than silently scored, and the user may still run the analysis explicitly.
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

    public boolean suitable() {
        return reasons.isEmpty();
    }
}
