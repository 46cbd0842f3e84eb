package org.covidcxr.inference.evaluation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConfusionMatrixTest {

    private static final List<String> CLASSES = List.of("covid", "normal", "pneumonia");

    /*
     * rows = true class, columns = predicted      covid  normal  pneumonia
     *   covid                                         5       1          0
     *   normal                                        2       8          2
     *   pneumonia                                     1       1          6
     * covid:     TP 5, predicted 8, support 6  → P 5/8 = 0.625, R 5/6, F1 = 2·5/(2·5+3+1) = 10/14
     * normal:    TP 8, predicted 10, support 12 → P 0.8, R 8/12, F1 = 16/(16+2+4) = 16/22
     * pneumonia: TP 6, predicted 8, support 8  → P 0.75, R 0.75, F1 = 12/16 = 0.75
     * accuracy 19/26; macro P (0.625+0.8+0.75)/3 = 0.725; macro R (5/6+2/3+3/4)/3 = 0.75;
     * macro F1 (10/14 + 16/22 + 0.75)/3 = 0.7305194805…
     */
    private static final ConfusionMatrix MATRIX = new ConfusionMatrix(CLASSES,
            new long[][]{{5, 1, 0}, {2, 8, 2}, {1, 1, 6}});

    @Test
    void perClassPrecisionRecallF1MatchHandValues() {
        assertThat(MATRIX.precision(0).getAsDouble()).isCloseTo(0.625, within(1e-12));
        assertThat(MATRIX.recall(0).getAsDouble()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(MATRIX.f1(0).getAsDouble()).isCloseTo(10.0 / 14, within(1e-12));
        assertThat(MATRIX.precision(1).getAsDouble()).isCloseTo(0.8, within(1e-12));
        assertThat(MATRIX.recall(1).getAsDouble()).isCloseTo(8.0 / 12, within(1e-12));
        assertThat(MATRIX.f1(1).getAsDouble()).isCloseTo(16.0 / 22, within(1e-12));
        assertThat(MATRIX.f1(2).getAsDouble()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void accuracyAndMacroAveragesMatchHandValues() {
        assertThat(MATRIX.accuracy().getAsDouble()).isCloseTo(19.0 / 26, within(1e-12));
        assertThat(MATRIX.macroPrecision().getAsDouble()).isCloseTo(0.725, within(1e-12));
        assertThat(MATRIX.macroRecall().getAsDouble()).isCloseTo(0.75, within(1e-12));
        assertThat(MATRIX.macroF1().getAsDouble()).isCloseTo(0.7305194805194805, within(1e-12));
    }

    @Test
    void countsComeFromTheArgMaxOfThePredictions() {
        List<LabelledPrediction> predictions = List.of(
                new LabelledPrediction("a", "p1", "s", 0, new float[]{0.7f, 0.2f, 0.1f}),
                new LabelledPrediction("b", "p2", "s", 0, new float[]{0.2f, 0.1f, 0.7f}),
                new LabelledPrediction("c", "p3", "s", 1, new float[]{0.1f, 0.8f, 0.1f}),
                // a tie goes to the lowest class index
                new LabelledPrediction("d", "p4", "s", 2, new float[]{0.4f, 0.4f, 0.2f}));
        ConfusionMatrix m = ConfusionMatrix.of(CLASSES, predictions);
        assertThat(m.counts()).isEqualTo(new long[][]{{1, 0, 1}, {0, 1, 0}, {1, 0, 0}});
    }

    @Test
    void anAbsentClassIsUndefinedAndLeftOutOfMacroAverages() {
        // No covid in the truth, one image wrongly called covid.
        ConfusionMatrix m = new ConfusionMatrix(CLASSES, new long[][]{{0, 0, 0}, {1, 3, 0}, {0, 1, 3}});
        assertThat(m.recall(0)).isEmpty();
        assertThat(m.precision(0).getAsDouble()).isZero();
        assertThat(m.f1(0)).as("no covid to find: F1 is undefined, not 0").isEmpty();
        assertThat(m.presentClasses()).containsExactly(1, 2);
        // normal: F1 = 6/(6+1+1) = 0.75; pneumonia: F1 = 6/(6+0+1) = 6/7
        assertThat(m.macroF1().getAsDouble()).isCloseTo((0.75 + 6.0 / 7) / 2, within(1e-12));

        ConfusionMatrix neverPredicted = new ConfusionMatrix(CLASSES, new long[][]{{0, 0, 0}, {0, 4, 0}, {0, 2, 0}});
        assertThat(neverPredicted.f1(0)).isEmpty();
        assertThat(neverPredicted.precision(2)).isEmpty();
        // pneumonia is present but never predicted: precision counts as 0 in the macro average
        assertThat(neverPredicted.macroPrecision().getAsDouble()).isCloseTo((4.0 / 6 + 0) / 2, within(1e-12));
    }
}
