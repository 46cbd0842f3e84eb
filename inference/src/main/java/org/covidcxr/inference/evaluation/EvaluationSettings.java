package org.covidcxr.inference.evaluation;

import java.util.List;
import java.util.Objects;

/**
 * How to evaluate: class order, which class the binary operating point is about, and the fixed statistical knobs.
 *
 * @param classNames         class names in the model's output order
 * @param positiveClass      index of the class whose probability the operating threshold applies to (COVID-19)
 * @param operatingThreshold decision threshold on that probability; an image is called positive when
 *                           {@code p >= threshold} (chosen on validation data by {@link ThresholdSelection})
 * @param bootstrapResamples number of patient-level bootstrap resamples for confidence intervals
 * @param seed               seed of the bootstrap, so a report is reproducible
 * @param calibrationBins    number of equal-width confidence bins for ECE and the reliability diagram
 */
public record EvaluationSettings(List<String> classNames, int positiveClass, float operatingThreshold,
                                 int bootstrapResamples, long seed, int calibrationBins) {

    public static final int DEFAULT_BOOTSTRAP_RESAMPLES = 2000;
    public static final long DEFAULT_SEED = 20200311L;
    /** Guo et al. 2017 use 15 bins; keeping the standard makes our ECE comparable with published numbers. */
    public static final int DEFAULT_CALIBRATION_BINS = 15;

    public EvaluationSettings {
        classNames = List.copyOf(Objects.requireNonNull(classNames, "classNames"));
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("at least two class names are needed, got " + classNames);
        }
        if (positiveClass < 0 || positiveClass >= classNames.size()) {
            throw new IllegalArgumentException("positive class index " + positiveClass + " is outside 0.."
                    + (classNames.size() - 1) + " for classes " + classNames);
        }
        if (!(operatingThreshold >= 0f && operatingThreshold <= 1f)) {
            throw new IllegalArgumentException("operating threshold " + operatingThreshold
                    + " is not a probability in [0, 1]");
        }
        if (bootstrapResamples < 100) {
            throw new IllegalArgumentException("bootstrap resamples " + bootstrapResamples
                    + " are too few for a 95% percentile interval; use at least 100 (1000-2000 recommended)");
        }
        if (calibrationBins < 1) {
            throw new IllegalArgumentException("calibration bins must be at least 1, got " + calibrationBins);
        }
    }

    /** Default knobs for the named positive class, e.g. {@code of(List.of("covid", "normal", "pneumonia"), "covid", t)}. */
    public static EvaluationSettings of(List<String> classNames, String positiveClassName, float operatingThreshold) {
        int positive = classNames.indexOf(positiveClassName);
        if (positive < 0) {
            throw new IllegalArgumentException("positive class '" + positiveClassName + "' is not among the classes "
                    + classNames);
        }
        return new EvaluationSettings(classNames, positive, operatingThreshold, DEFAULT_BOOTSTRAP_RESAMPLES,
                DEFAULT_SEED, DEFAULT_CALIBRATION_BINS);
    }

    public EvaluationSettings withBootstrap(int resamples, long bootstrapSeed) {
        return new EvaluationSettings(classNames, positiveClass, operatingThreshold, resamples, bootstrapSeed,
                calibrationBins);
    }

    public String positiveClassName() {
        return classNames.get(positiveClass);
    }
}
