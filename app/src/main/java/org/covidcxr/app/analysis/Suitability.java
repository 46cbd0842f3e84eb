package org.covidcxr.app.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.covidcxr.dicom.StudyInfo;

/**
 * Whether the model was made for this image, judged from what the file says (a PNG says nothing, so it passes).
 * The model was trained on frontal chest radiographs (CR/DX/DR); anything else is flagged rather than silently
 * scored, and the user may still run the analysis explicitly.
 *
 * @param reasons why the model should not judge the image; empty when it may
 */
public record Suitability(List<String> reasons) {

    private static final Set<String> RADIOGRAPHY = Set.of("CR", "DX", "DR");
    private static final Set<String> LATERAL = Set.of("LL", "RL", "LAT", "LATERAL", "LLD", "RLD");
    private static final Set<String> CHEST = Set.of("CHEST", "THORAX", "LUNG", "LUNGS", "TORAX", "THORAX_CHEST");

    public Suitability {
        reasons = List.copyOf(reasons);
    }

    public static Suitability of(StudyInfo study) {
        List<String> reasons = new ArrayList<>();
        String modality = upper(study.modality());
        if (!modality.isEmpty() && !RADIOGRAPHY.contains(modality)) {
            reasons.add("Modality " + modality + " is not a radiograph (CR/DX/DR).");
        }
        String view = upper(study.viewPosition());
        if (LATERAL.contains(view)) {
            reasons.add("Lateral view (" + view + "); the model was made for frontal (PA/AP) views.");
        }
        String bodyPart = upper(study.bodyPartExamined());
        if (!bodyPart.isEmpty() && !CHEST.contains(bodyPart)) {
            reasons.add("Body part " + bodyPart + " is not the chest.");
        }
        return new Suitability(reasons);
    }

    public boolean suitable() {
        return reasons.isEmpty();
    }

    private static String upper(String s) {
        return s.trim().toUpperCase(Locale.ROOT);
    }
}
