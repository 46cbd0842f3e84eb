package org.covidcxr.inference.sitetraining;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.covidcxr.inference.ModelSignature;

/** Maps the label spellings sites use (folder names, manifest cells) onto the model's classes. */
final class ClassLabels {
    private static final Map<String, String> ALIASES = Map.of(
            "covid-19", "covid", "covid19", "covid",
            "no finding", "normal", "no_finding", "normal",
            "other pneumonia", "pneumonia", "other_pneumonia", "pneumonia");

    private ClassLabels() {
    }

    static Optional<String> parse(String text) {
        String key = text.strip().toLowerCase(Locale.ROOT);
        if (ModelSignature.CLASSES.contains(key)) {
            return Optional.of(key);
        }
        return Optional.ofNullable(ALIASES.get(key));
    }

    static String expected() {
        return String.join(", ", ModelSignature.CLASSES);
    }
}
