package org.covidcxr.inference.sitetraining;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.covidcxr.dicom.StudyInfo;

/**
 * Whether the file's own header says it is something other than a frontal chest radiograph. Files that say nothing
 * (PNG, JPEG, sparse DICOM) pass: the site's label vouches for them.
 */
final class ImageSuitability {
    private static final Set<String> RADIOGRAPHY = Set.of("CR", "DX", "DR", "RG");
    private static final Set<String> CHEST = Set.of("CHEST", "THORAX", "LUNG", "LUNGS", "THORAX_CHEST");
    private static final Set<String> LATERAL = Set.of("LL", "RL", "LAT", "LATERAL", "LLD", "RLD", "XTABLE");

    private ImageSuitability() {
    }

    /** The reason to skip the image, or empty when nothing in the header speaks against it. */
    static Optional<RejectedReason> check(StudyInfo study) {
        String modality = upper(study.modality());
        if (!modality.isEmpty() && !RADIOGRAPHY.contains(modality)) {
            return Optional.of(new RejectedReason(ScanProblem.NOT_CHEST_XRAY,
                    "modality is " + modality + ", not a radiograph (CR/DX/DR)"));
        }
        String bodyPart = upper(study.bodyPartExamined());
        if (!bodyPart.isEmpty() && !CHEST.contains(bodyPart)) {
            return Optional.of(new RejectedReason(ScanProblem.NOT_CHEST_XRAY,
                    "body part examined is " + bodyPart + ", not CHEST"));
        }
        String view = upper(study.viewPosition());
        if (isLateral(view)) {
            return Optional.of(new RejectedReason(ScanProblem.NOT_FRONTAL,
                    "view position is " + view + "; the model is for frontal (PA/AP) views"));
        }
        return Optional.empty();
    }

    static boolean isLateral(String viewPosition) {
        return LATERAL.contains(upper(viewPosition));
    }

    private static String upper(String s) {
        return s.strip().toUpperCase(Locale.ROOT);
    }

    record RejectedReason(ScanProblem problem, String message) {
    }
}
