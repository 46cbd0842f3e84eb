package org.covidcxr.inference.evaluation;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A binary decision at a threshold on one class's probability: positive when {@code p >= threshold}.
 * Rates that divide by zero (e.g. sensitivity in a source without COVID-19 images) are empty.
 */
public record OperatingPoint(float threshold, long truePositives, long falsePositives, long trueNegatives,
                             long falseNegatives) {

    public static OperatingPoint of(List<LabelledPrediction> predictions, int positiveClass, float threshold) {
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (LabelledPrediction p : predictions) {
            boolean called = p.probability(positiveClass) >= threshold;
            boolean actual = p.trueClass() == positiveClass;
            if (called && actual) {
                tp++;
            } else if (called) {
                fp++;
            } else if (actual) {
                fn++;
            } else {
                tn++;
            }
        }
        return new OperatingPoint(threshold, tp, fp, tn, fn);
    }

    @JsonProperty
    public OptionalDouble sensitivity() {
        return ConfusionMatrix.ratio(truePositives, truePositives + falseNegatives);
    }

    @JsonProperty
    public OptionalDouble specificity() {
        return ConfusionMatrix.ratio(trueNegatives, trueNegatives + falsePositives);
    }

    /** Positive predictive value (precision). */
    @JsonProperty
    public OptionalDouble ppv() {
        return ConfusionMatrix.ratio(truePositives, truePositives + falsePositives);
    }

    /** Negative predictive value. */
    @JsonProperty
    public OptionalDouble npv() {
        return ConfusionMatrix.ratio(trueNegatives, trueNegatives + falseNegatives);
    }
}
