package org.covidcxr.inference.evaluation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThresholdSelectionTest {

    private static LabelledPrediction covid(String id, float p) {
        return new LabelledPrediction(id, id, "s", 0, new float[]{p, 1 - p});
    }

    private static LabelledPrediction other(String id, float p) {
        return new LabelledPrediction(id, id, "s", 1, new float[]{p, 1 - p});
    }

    @Test
    void picksTheHighestThresholdThatReachesTheTargetSensitivity() {
        List<LabelledPrediction> validation = new ArrayList<>();
        float[] positives = {0.99f, 0.9f, 0.85f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f, 0.3f, 0.1f};
        for (int i = 0; i < positives.length; i++) {
            validation.add(covid("c" + i, positives[i]));
        }
        validation.add(other("n1", 0.45f));
        validation.add(other("n2", 0.35f));
        validation.add(other("n3", 0.05f));
        // 8 of 10 positives are needed: the 8th highest positive score is 0.4 (at 0.5 only 7 are caught).
        OperatingPoint op = ThresholdSelection.forSensitivity(validation, 0, 0.8);
        assertThat(op.threshold()).isEqualTo(0.4f);
        assertThat(op.sensitivity().getAsDouble()).isEqualTo(0.8);
        assertThat(op.falsePositives()).isEqualTo(1);
        assertThat(op.specificity().getAsDouble()).isEqualTo(2.0 / 3);
    }

    @Test
    void tiesAtTheThresholdAreAllCalledPositive() {
        List<LabelledPrediction> validation = List.of(covid("a", 0.9f), covid("b", 0.8f), covid("c", 0.5f),
                covid("d", 0.5f), covid("e", 0.5f), covid("f", 0.2f), other("x", 0.5f), other("y", 0.1f));
        // k = ceil(0.5 · 6) = 3 → third highest positive score 0.5; all three tied positives and the tied
        // negative are called positive.
        OperatingPoint op = ThresholdSelection.forSensitivity(validation, 0, 0.5);
        assertThat(op.threshold()).isEqualTo(0.5f);
        assertThat(op.truePositives()).isEqualTo(5);
        assertThat(op.falsePositives()).isEqualTo(1);
        assertThat(op.sensitivity().getAsDouble()).isEqualTo(5.0 / 6);
    }

    @Test
    void defaultTargetOnTwentyPositivesNeedsExactlyNineteen() {
        List<LabelledPrediction> validation = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            validation.add(covid("c" + i, i / 20f));
        }
        OperatingPoint op = ThresholdSelection.forSensitivity(validation, 0,
                ThresholdSelection.DEFAULT_TARGET_SENSITIVITY);
        assertThat(op.threshold()).isEqualTo(2 / 20f);
        assertThat(op.sensitivity().getAsDouble()).isEqualTo(0.95);
    }

    @Test
    void refusesAValidationSetWithoutPositives() {
        assertThatThrownBy(() -> ThresholdSelection.forSensitivity(List.of(other("x", 0.3f)), 0, 0.95))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no case of class 0");
    }
}
