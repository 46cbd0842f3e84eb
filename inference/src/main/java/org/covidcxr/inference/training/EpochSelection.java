package org.covidcxr.inference.training;

import java.util.Arrays;
import java.util.Locale;

/** What chooses a run's best epoch and ends it early. */
public enum EpochSelection {
    /** Macro AUROC over the three classes on all validation images: the source shortcut can win it. */
    MACRO_AUROC("macro-auroc", "validation macro AUROC"),
    /**
     * COVID-19-vs-rest AUROC inside each validation source that holds both (their mean), where no difference between
     * sources can help; macro AUROC when no source holds both.
     */
    WITHIN_SOURCE("within-source", "validation COVID-19 AUROC within source");

    private final String optionValue;
    private final String description;

    EpochSelection(String optionValue, String description) {
        this.optionValue = optionValue;
        this.description = description;
    }

    public String optionValue() {
        return optionValue;
    }

    public String description() {
        return description;
    }

    public static EpochSelection of(String value) {
        return Arrays.stream(values()).filter(v -> v.optionValue.equals(value.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown epoch selection '" + value
                        + "'; choose macro-auroc or within-source"));
    }
}
