package org.covidcxr.inference.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.covidcxr.inference.ModelSignature;
import org.junit.jupiter.api.Test;

class ThresholdRuleTest {
    private static final int COVID = ModelSignature.COVID;

    @Test
    void aFineTunedModelWithFewCovidImagesInValidationKeepsItsParentsThreshold() {
        // 11 COVID-19 images, all scored high: choosing for sensitivity 0.95 would sit on the lowest of them.
        List<LabelledPrediction> few = predictions(11, 0.93, 40);

        ThresholdRule.Choice choice = ThresholdRule.choose(few, COVID, 0.95, Optional.of(0.062));

        assertThat(choice.threshold()).isEqualTo(0.062f);
        assertThat(choice.rule()).contains("kept from the parent", "11 COVID-19 image(s)", "fewer than the 30");
        assertThat(ThresholdSelection.forSensitivity(few, COVID, 0.95).threshold())
                .as("what tracking one image gave").isEqualTo(0.93f);
    }

    @Test
    void withEnoughCovidImagesOrWithoutAParentTheThresholdIsChosenOnValidation() {
        List<LabelledPrediction> many = predictions(40, 0.5, 40);
        ThresholdRule.Choice own = ThresholdRule.choose(many, COVID, 0.95, Optional.of(0.062));
        assertThat(own.threshold()).isEqualTo(ThresholdSelection.forSensitivity(many, COVID, 0.95).threshold());
        assertThat(own.rule()).contains("chosen on validation", "40 COVID-19 image(s)").doesNotContain("rough");

        ThresholdRule.Choice scratch = ThresholdRule.choose(predictions(11, 0.93, 40), COVID, 0.95,
                Optional.empty());
        assertThat(scratch.rule()).contains("chosen on validation", "treat it as rough");
    }

    /** {@code positives} COVID-19 cases with P(COVID-19) from {@code lowest} upwards, and negatives at 0.01–0.4. */
    private static List<LabelledPrediction> predictions(int positives, double lowest, int negatives) {
        List<LabelledPrediction> out = new ArrayList<>();
        for (int i = 0; i < positives; i++) {
            double p = lowest + (0.99 - lowest) * i / Math.max(1, positives - 1);
            out.add(prediction("c" + i, COVID, p));
        }
        for (int i = 0; i < negatives; i++) {
            out.add(prediction("n" + i, ModelSignature.CLASSES.indexOf("normal"), 0.01 + 0.39 * i / negatives));
        }
        return out;
    }

    private static LabelledPrediction prediction(String patient, int label, double covid) {
        float c = (float) covid;
        return new LabelledPrediction(patient, patient, "site", label, new float[] {c, (1 - c) / 2, (1 - c) / 2},
                Optional.empty());
    }
}
