package org.covidcxr.modelstore;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The model card stored as {@code model-card.json} in every bundle: what the model is, how it was trained and
 * evaluated, and what it must and must not be used for. Read and written with {@link ModelCards}.
 *
 * @param version            bundle version, e.g. {@code 1.0.0}; also the bundle's folder name in the store
 * @param architecture       network architecture name, e.g. {@code resnet-small}
 * @param classes            output class order, normally {@link #DEFAULT_CLASSES}
 * @param input              the SavedModel's input tensor
 * @param preprocessing      how an image becomes the input tensor
 * @param operatingThreshold decision threshold on the (calibrated) COVID-19 probability
 * @param temperature        temperature-scaling factor fitted on the validation split (already inside the graph)
 * @param trainingData       what the model was trained on
 * @param metrics            evaluation results (overall, per source, with confidence intervals); a free JSON tree
 *                           filled by the evaluation code
 * @param intendedUse        intended use statement
 * @param limitations        known limitations, e.g. source bias
 * @param parentVersion      the version this model was derived from (fine-tuned, or repackaged with its network
 *                           unchanged), or {@code null}; see {@link #parent()}
 * @param createdAt          when the bundle was produced
 * @param createdBy          who (user/site) or what (command) produced it
 * @param notes              free text, e.g. why this architecture was chosen
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelCard(
        String version,
        String architecture,
        List<String> classes,
        InputSpec input,
        Preprocessing preprocessing,
        double operatingThreshold,
        double temperature,
        TrainingData trainingData,
        Map<String, Object> metrics,
        String intendedUse,
        List<String> limitations,
        String parentVersion,
        Instant createdAt,
        String createdBy,
        String notes) {

    /** Class order of the SavedModel outputs. */
    public static final List<String> DEFAULT_CLASSES = List.of("covid", "normal", "pneumonia");
    /** The {@link #metrics()} entry a site-trained model's acceptance evaluation is recorded under. */
    public static final String ACCEPTANCE_METRIC = "acceptance";
    /** The {@link #metrics()} entry the selective verdict is recorded under ({@link #selectiveVerdict()}). */
    public static final String SELECTIVE_METRIC = "selectiveVerdict";

    /** The intended-use statement the product ships with. */
    public static final String DEFAULT_INTENDED_USE =
            "decision support for adult frontal chest X-rays; not a standalone diagnosis";

    // Versions become folder and zip entry names, so they are restricted to a safe alphabet.
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._+-]{0,63}");
    /**
     * Names a version folder must not take: the store's own files beside the bundles, and the device names Windows
     * reserves (with any extension).
     */
    private static final Pattern RESERVED = Pattern.compile(
            "(?i)(active\\.json|bundled\\.json|trusted-keys\\.json|site-signing-key\\.json"
                    + "|(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?)");

    public ModelCard {
        requireValidVersion(version);
        if (parentVersion != null) {
            requireValidVersion(parentVersion);
        }
        classes = classes == null ? List.of() : List.copyOf(classes);
        limitations = limitations == null ? List.of() : List.copyOf(limitations);
        // Keep the evaluator's key order: the card is read by people too.
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The version this model was derived from (fine-tuned or repackaged), if any. */
    public Optional<String> parent() {
        return Optional.ofNullable(parentVersion);
    }

    /**
     * What the site's acceptance evaluation recorded under {@value #ACCEPTANCE_METRIC} ({@code criteria},
     * {@code passed}, {@code override}); empty for a model that went through none.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> acceptance() {
        return metrics.get(ACCEPTANCE_METRIC) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /**
     * The selective verdict recorded under {@value #SELECTIVE_METRIC}: {@code confidentThreshold} (from where the
     * model calls COVID-19), the rule that chose it, and its coverage and the accuracy of its calls on validation;
     * empty for a model without one.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> selectiveVerdict() {
        return metrics.get(SELECTIVE_METRIC) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /**
     * From this COVID-19 probability up the model calls COVID-19; between {@link #operatingThreshold()} and it, the
     * verdict is indeterminate. The operating threshold itself for a model without a selective verdict.
     */
    public double confidentThreshold() {
        return selectiveVerdict().get("confidentThreshold") instanceof Number n
                ? Math.max(n.doubleValue(), operatingThreshold) : operatingThreshold;
    }

    /** Whether the site's acceptance criteria failed (the model was published with an override). */
    public boolean failedAcceptance() {
        return Boolean.FALSE.equals(acceptance().get("passed"));
    }

    /** Whether {@code version} can name a bundle (letters, digits, {@code . _ + -}; at most 64 characters). */
    public static boolean isValidVersion(String version) {
        return version != null && VERSION.matcher(version).matches() && !RESERVED.matcher(version).matches();
    }

    /** @throws IllegalArgumentException naming the rules, for a version that {@link #isValidVersion} refuses */
    public static void requireValidVersion(String version) {
        if (!isValidVersion(version)) {
            throw new IllegalArgumentException("Invalid model version '" + version
                    + "': use letters, digits and . _ + - only (e.g. 1.0.0), starting with a letter or digit, and not a "
                    + "name the store or the operating system reserves (active.json, bundled.json, CON, NUL, COM1…)");
        }
    }

    /**
     * The SavedModel input tensor.
     *
     * @param height     input height in pixels
     * @param width      input width in pixels
     * @param channels   channels (1 for grey-scale)
     * @param tensorName signature input name, {@code image}
     * @param dtype      element type, {@code float32}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record InputSpec(int height, int width, int channels, String tensorName, String dtype) {
        public static final String DEFAULT_TENSOR_NAME = "image";
        public static final String DEFAULT_DTYPE = "float32";
    }

    /**
     * How an image becomes the input tensor.
     *
     * @param description human-readable steps
     * @param parameters  named numeric parameters (e.g. {@code clipLowPercentile}, {@code mean}, {@code std})
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Preprocessing(String description, Map<String, Double> parameters) {
        public Preprocessing {
            parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    /**
     * What the model was trained on.
     *
     * @param description    data set description (sources, selection, splits)
     * @param countsBySplit  split ({@code train}, {@code val}, {@code test}) → class → number of images
     * @param countsBySource source → class → number of images
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TrainingData(String description,
                               Map<String, Map<String, Integer>> countsBySplit,
                               Map<String, Map<String, Integer>> countsBySource) {
        public TrainingData {
            countsBySplit = countsBySplit == null ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(countsBySplit));
            countsBySource = countsBySource == null ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(countsBySource));
        }
    }
}
