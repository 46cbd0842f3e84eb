package org.covidcxr.inference.evaluation;

import java.util.Arrays;
import java.util.List;

/** Chooses the operating threshold on validation data. */
public final class ThresholdSelection {

    public static final double DEFAULT_TARGET_SENSITIVITY = 0.95;

    private ThresholdSelection() {
    }

    /**
     * The highest threshold on {@code P(positiveClass)} whose sensitivity on {@code validation} is at least
     * {@code targetSensitivity}; the highest such threshold keeps specificity as high as the target allows.
     *
     * <p>Tie rule: a case is called positive when {@code p >= threshold}, and the threshold is always one of the
     * observed positive-case probabilities, so every case tied with it — positive or negative — is called positive.
     * Concretely, with the positives' probabilities sorted in descending order, the threshold is the k-th of them,
     * {@code k = ceil(target × positives)}.
     *
     * @return the operating point on the validation data at the chosen threshold
     */
    public static OperatingPoint forSensitivity(List<LabelledPrediction> validation, int positiveClass,
                                                double targetSensitivity) {
        if (!(targetSensitivity > 0 && targetSensitivity <= 1)) {
            throw new IllegalArgumentException("target sensitivity " + targetSensitivity + " must be in (0, 1]");
        }
        float[] positives = new float[validation.size()];
        int count = 0;
        for (LabelledPrediction p : validation) {
            if (p.trueClass() == positiveClass) {
                positives[count++] = p.probability(positiveClass);
            }
        }
        positives = Arrays.copyOf(positives, count);
        Arrays.sort(positives);
        if (positives.length == 0) {
            throw new IllegalArgumentException("the validation set has no case of class " + positiveClass
                    + "; a sensitivity target cannot be met without positive cases — use a validation set that has them");
        }
        // The small slack stops 0.95 × 20 = 18.999… from asking for 20 positives.
        int k = (int) Math.ceil(targetSensitivity * positives.length - 1e-9);
        return OperatingPoint.of(validation, positiveClass, positives[positives.length - Math.max(k, 1)]);
    }
}
