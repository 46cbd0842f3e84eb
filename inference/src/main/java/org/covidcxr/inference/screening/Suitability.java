package org.covidcxr.inference.screening;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.covidcxr.dicom.FrontalChestCheck;
import org.covidcxr.dicom.ImageContentCheck;
import org.covidcxr.dicom.StudyInfo;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.inference.segmentation.LungAttention;
import org.covidcxr.inference.segmentation.PixelGate;
import org.covidcxr.inference.serving.Diagnosis;

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

    /**
     * What the file says and the pixels show, and only when those raise nothing, what the lung segmenter's pixel gate
     * finds (the gate is only worth running on an image that passed the cheaper checks).
     */
    public static Suitability of(XrayImage image, Optional<PixelGate> gate) {
        Suitability first = of(image);
        return first.suitable() ? new Suitability(gate.flatMap(g -> g.check(image)).stream().toList()) : first;
    }

    /**
     * What the screen and the report show beside a result: these reasons, and a warning when the model's COVID-19
     * attention lies mostly outside the lungs.
     */
    public List<String> shownWith(Optional<Diagnosis> diagnosis) {
        List<String> shown = new ArrayList<>(reasons);
        diagnosis.flatMap(d -> d.lungAttention().isPresent() ? LungAttention.warning(d.lungAttention().getAsDouble())
                : Optional.empty()).ifPresent(shown::add);
        return shown;
    }

    public boolean suitable() {
        return reasons.isEmpty();
    }
}
