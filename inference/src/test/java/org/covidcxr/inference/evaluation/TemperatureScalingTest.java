package org.covidcxr.inference.evaluation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TemperatureScalingTest {

    private record Synthetic(float[][] logits, int[] labels) {
    }

    /**
     * Labels drawn from softmax(z) for random "true" logits z, and the model reports z · T: a model whose
     * temperature-T rescaling is exactly calibrated, so the fit should recover T.
     */
    private static Synthetic synthetic(double temperature, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] logits = new float[n][3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double[] z = new double[3];
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                z[c] = 2 * gaussian(random);
                sum += Math.exp(z[c]);
            }
            double u = random.nextDouble() * sum;
            int label = 0;
            while (label < 2 && (u -= Math.exp(z[label])) > 0) {
                label++;
            }
            labels[i] = label;
            for (int c = 0; c < 3; c++) {
                logits[i][c] = (float) (z[c] * temperature);
            }
        }
        return new Synthetic(logits, labels);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1.0, 2.5, 6.0})
    void recoversAKnownTemperature(double temperature) {
        Synthetic data = synthetic(temperature, 8000, 7);
        double fitted = TemperatureScaling.fit(data.logits(), data.labels()).temperature();
        assertThat(fitted).isCloseTo(temperature, within(0.06 * temperature));
    }

    @Test
    void theFitIsTheMinimumOfTheNegativeLogLikelihood() {
        Synthetic data = synthetic(2.0, 3000, 11);
        double t = TemperatureScaling.fit(data.logits(), data.labels()).temperature();
        double at = TemperatureScaling.meanNegativeLogLikelihood(data.logits(), data.labels(), t);
        assertThat(at).isLessThan(TemperatureScaling.meanNegativeLogLikelihood(data.logits(), data.labels(), t * 1.001));
        assertThat(at).isLessThan(TemperatureScaling.meanNegativeLogLikelihood(data.logits(), data.labels(), t / 1.001));
    }

    @Test
    void applyingIsASoftmaxOfScaledLogitsAndKeepsTheArgMax() {
        TemperatureScaling scaling = new TemperatureScaling(2);
        float[] p = scaling.apply(new float[]{2, 0, -2});
        double norm = Math.exp(1) + 1 + Math.exp(-1);
        assertThat(p[0]).isCloseTo((float) (Math.exp(1) / norm), within(1e-6f));
        assertThat(p[1]).isCloseTo((float) (1 / norm), within(1e-6f));
        assertThat(p[0] + p[1] + p[2]).isCloseTo(1f, within(1e-6f));
        assertThat(TemperatureScaling.none().apply(new float[]{1000, 0, 0})[0]).isEqualTo(1f);
    }

    @Test
    void anOptimumOutsideTheRangeIsClamped() {
        // Perfectly separated, already confident logits: the NLL keeps falling as T shrinks.
        float[][] logits = {{5, 0, 0}, {0, 5, 0}, {0, 0, 5}};
        double t = TemperatureScaling.fit(logits, new int[]{0, 1, 2}).temperature();
        assertThat(t).isCloseTo(TemperatureScaling.MIN_TEMPERATURE, within(1e-3));
    }

    @Test
    void badInputIsRefusedClearly() {
        assertThatThrownBy(() -> TemperatureScaling.fit(new float[][]{{1, 2}}, new int[]{2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside 0..1");
        assertThatThrownBy(() -> TemperatureScaling.fit(new float[0][], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new TemperatureScaling(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
