package org.covidcxr.pacs.results;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * One analysis as it is sent back to the PACS.
 *
 * @param modelVersion       version of the model bundle that produced it
 * @param modelChecksum      the bundle's checksum, where known
 * @param probabilities      class name to probability in [0, 1], in the model's output order (covid, normal,
 *                           pneumonia); must hold {@value #COVID}
 * @param operatingThreshold the decision threshold on P(COVID-19), in [0, 1]
 * @param confidentThreshold the upper end of the indeterminate band, where the model has one
 * @param verdict            the verdict as the workstation words it
 * @param analysedAt         when the analysis ran: the objects' content date and time
 */
public record AiResult(String modelVersion, Optional<String> modelChecksum, Map<String, Double> probabilities,
                       double operatingThreshold, OptionalDouble confidentThreshold, String verdict,
                       Instant analysedAt) {
    /** The class whose probability the banner and the verdict are about. */
    public static final String COVID = "covid";
    /** As the model store allows. */
    private static final int MAX_VERSION = 64;
    /** Class names become code values "P-" + NAME, and a code value (SH) holds at most 16 characters. */
    private static final Pattern CLASS_NAME = Pattern.compile("[a-z0-9_]{1,14}");

    public AiResult {
        Objects.requireNonNull(modelChecksum, "modelChecksum");
        Objects.requireNonNull(confidentThreshold, "confidentThreshold");
        Objects.requireNonNull(analysedAt, "analysedAt");
        // A backslash would split a DICOM value in two.
        if (modelVersion == null || modelVersion.isBlank() || modelVersion.length() > MAX_VERSION
                || modelVersion.chars().anyMatch(c -> c < 0x20 || c == '\\')) {
            throw new IllegalArgumentException("model version must be 1 to " + MAX_VERSION
                    + " characters without backslashes or control characters, got '" + modelVersion + "'");
        }
        if (verdict == null || verdict.isBlank()) {
            throw new IllegalArgumentException("a result needs a verdict");
        }
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
        probabilities.forEach((name, p) -> {
            if (!CLASS_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("class name '" + name + "' must be 1 to 14 lower-case letters,"
                        + " digits or '_'");
            }
            requireProbability(name, p);
        });
        if (!probabilities.containsKey(COVID)) {
            throw new IllegalArgumentException("a result needs the '" + COVID + "' probability, got "
                    + probabilities.keySet());
        }
        requireProbability("operating threshold", operatingThreshold);
        if (confidentThreshold.isPresent()) {
            requireProbability("confident threshold", confidentThreshold.getAsDouble());
        }
    }

    /** P(COVID-19). */
    public double covidProbability() {
        return probabilities.get(COVID);
    }

    private static void requireProbability(String what, Double p) {
        if (p == null || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(what + " must be a probability in [0, 1], got " + p);
        }
    }
}
