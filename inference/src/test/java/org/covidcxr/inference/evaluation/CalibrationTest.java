package org.covidcxr.inference.evaluation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CalibrationTest {

    /*
     * Five images, 15 bins of width 1/15 covering (m/15, (m+1)/15]:
     *   a: confidence 0.90, correct   → bin 13 (0.867, 0.933]
     *   b: confidence 0.90, wrong     → bin 13
     *   c: confidence 0.62, correct   → bin 9  (0.600, 0.667]
     *   d: confidence 0.62, wrong     → bin 9
     *   e: confidence 0.50, correct   → bin 7  (0.467, 0.533]
     * bin 13: 2 images, accuracy 0.5, confidence 0.90 → 2/5 · 0.40 = 0.160
     * bin 9:  2 images, accuracy 0.5, confidence 0.62 → 2/5 · 0.12 = 0.048
     * bin 7:  1 image,  accuracy 1.0, confidence 0.50 → 1/5 · 0.50 = 0.100
     * ECE = 0.308
     */
    private static final List<LabelledPrediction> PREDICTIONS = List.of(
            new LabelledPrediction("a", "p1", "s", 0, new float[]{0.90f, 0.05f, 0.05f}),
            new LabelledPrediction("b", "p2", "s", 1, new float[]{0.90f, 0.05f, 0.05f}),
            new LabelledPrediction("c", "p3", "s", 1, new float[]{0.10f, 0.62f, 0.28f}),
            new LabelledPrediction("d", "p4", "s", 0, new float[]{0.20f, 0.18f, 0.62f}),
            new LabelledPrediction("e", "p5", "s", 0, new float[]{0.50f, 0.30f, 0.20f}));

    @Test
    void eceMatchesTheHandComputedValue() {
        Calibration calibration = Calibration.of(PREDICTIONS, 15);
        assertThat(calibration.expectedCalibrationError()).isCloseTo(0.308, within(1e-6));
    }

    @Test
    void reliabilityBinsHoldCountsAccuracyAndMeanConfidence() {
        List<ReliabilityBin> bins = Calibration.of(PREDICTIONS, 15).bins();
        assertThat(bins).hasSize(15);
        assertThat(bins.stream().mapToLong(ReliabilityBin::count).toArray())
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 2, 0);
        ReliabilityBin top = bins.get(13);
        assertThat(top.lower()).isCloseTo(13.0 / 15, within(1e-12));
        assertThat(top.upper()).isCloseTo(14.0 / 15, within(1e-12));
        assertThat(top.accuracy().getAsDouble()).isEqualTo(0.5);
        assertThat(top.meanConfidence().getAsDouble()).isCloseTo(0.9, within(1e-6));
        assertThat(bins.get(0).accuracy()).isEmpty();
        assertThat(bins.get(0).meanConfidence()).isEmpty();
    }

    @Test
    void perfectlyCalibratedConfidenceHasZeroError() {
        // Four images at confidence 0.75, three of them right.
        List<LabelledPrediction> predictions = List.of(
                new LabelledPrediction("a", "p1", "s", 0, new float[]{0.75f, 0.25f}),
                new LabelledPrediction("b", "p2", "s", 0, new float[]{0.75f, 0.25f}),
                new LabelledPrediction("c", "p3", "s", 0, new float[]{0.75f, 0.25f}),
                new LabelledPrediction("d", "p4", "s", 1, new float[]{0.75f, 0.25f}));
        assertThat(Calibration.of(predictions, 15).expectedCalibrationError()).isCloseTo(0, within(1e-12));
    }
}
