package org.covidcxr.dicom;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a file's own header says against it being a frontal chest radiograph, the only images the model was made
 * for. Files that say nothing (PNG, JPEG, sparse DICOM) raise no concern. One rule set for the viewer (flag, do not
 * silently score) and for the training wizard (skip the file).
 */
public final class FrontalChestCheck {
    private static final Set<String> RADIOGRAPHY = Set.of("CR", "DX", "DR", "RG");
    private static final Set<String> CHEST = Set.of("CHEST", "THORAX", "TORAX", "LUNG", "LUNGS", "THORAX_CHEST");
    private static final Set<String> LATERAL = Set.of("LL", "RL", "LAT", "LATERAL", "LLD", "RLD", "XTABLE");

    public enum Kind { NOT_RADIOGRAPH, NOT_CHEST, NOT_FRONTAL }

    /** One reason the model should not judge the image, worded for the user. */
    public record Concern(Kind kind, String message) {
    }

    private FrontalChestCheck() {
    }

    /** The concerns in the order modality, body part, view; empty when nothing speaks against the image. */
    public static List<Concern> concerns(StudyInfo study) {
        List<Concern> concerns = new ArrayList<>();
        String modality = upper(study.modality());
        if (!modality.isEmpty() && !RADIOGRAPHY.contains(modality)) {
            concerns.add(new Concern(Kind.NOT_RADIOGRAPH, "Modality " + modality + " is not a radiograph (CR/DX/DR)."));
        }
        String bodyPart = upper(study.bodyPartExamined());
        if (!bodyPart.isEmpty() && !CHEST.contains(bodyPart)) {
            concerns.add(new Concern(Kind.NOT_CHEST, "Body part " + bodyPart + " is not the chest."));
        }
        String view = upper(study.viewPosition());
        if (isLateral(view)) {
            concerns.add(new Concern(Kind.NOT_FRONTAL,
                    "Lateral view (" + view + "); the model was made for frontal (PA/AP) views."));
        }
        return concerns;
    }

    /** True for DICOM View Position values (and common manifest spellings) of lateral projections. */
    public static boolean isLateral(String viewPosition) {
        return LATERAL.contains(upper(viewPosition));
    }

    private static String upper(String s) {
        return s.strip().toUpperCase(Locale.ROOT);
    }
}
