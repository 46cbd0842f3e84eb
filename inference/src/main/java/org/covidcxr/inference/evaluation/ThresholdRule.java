package org.covidcxr.inference.evaluation;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a model's operating threshold is set, stated so that its card can say it. A threshold chosen for sensitivity
 * 0.95 on a handful of COVID-19 images sits on the lowest of their probabilities: one image decides it (a site run
 * once set 0.930 on 11 images, against its parent's 0.062, and lost test sensitivity). So a fine-tuned model keeps its
 * parent's threshold unless validation holds at least {@value #MIN_POSITIVES} COVID-19 images; a model trained from
 * scratch has no parent and chooses on validation whatever it holds, saying how many images that was.
 */
public final class ThresholdRule {
    /** With 30 positives the 0.95 target leaves one or two below the threshold instead of sitting on the lowest. */
    public static final int MIN_POSITIVES = 30;

    /** The threshold and the sentence for the card that says how it was set. */
    public record Choice(float threshold, String rule) {
    }

    private ThresholdRule() {
    }

    /**
     * @param parentThreshold the threshold of the model this one was fine-tuned from, if any
     */
    public static Choice choose(List<LabelledPrediction> validation, int positiveClass, double targetSensitivity,
                                Optional<Double> parentThreshold) {
        long positives = validation.stream().filter(p -> p.trueClass() == positiveClass).count();
        if (parentThreshold.isPresent() && positives < MIN_POSITIVES) {
            return new Choice(parentThreshold.get().floatValue(), String.format(Locale.ROOT, "Operating threshold "
                    + "%.3f kept from the parent model: validation held %d COVID-19 image(s), fewer than the %d "
                    + "needed to choose one for sensitivity %.2f.", parentThreshold.get(), positives, MIN_POSITIVES,
                    targetSensitivity));
        }
        OperatingPoint point = ThresholdSelection.forSensitivity(validation, positiveClass, targetSensitivity);
        return new Choice(point.threshold(), String.format(Locale.ROOT, "Operating threshold %.3f chosen on "
                        + "validation for sensitivity %.2f on %d COVID-19 image(s)%s.", point.threshold(),
                targetSensitivity, positives, positives < MIN_POSITIVES ? " (few: treat it as rough)" : ""));
    }
}
