package org.covidcxr.inference.evaluation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RocTest {

    /*
     * Hand example with ties. Positives score 0.9, 0.7, 0.5; negatives 0.7, 0.5, 0.5, 0.2: 3 × 4 = 12 pairs.
     *   positive 0.9 beats all four negatives                        → 4
     *   positive 0.7 beats 0.5, 0.5, 0.2 and ties with 0.7           → 3 + ½ = 3.5
     *   positive 0.5 beats 0.2 and ties with 0.5 twice               → 1 + ½ + ½ = 2
     * AUROC = (4 + 3.5 + 2) / 12 = 9.5 / 12 = 0.791666…
     */
    private static final double[] SCORES = {0.9, 0.7, 0.5, 0.7, 0.5, 0.5, 0.2};
    private static final boolean[] POSITIVE = {true, true, true, false, false, false, false};

    @Test
    void aurocCountsTiesAsOneHalf() {
        assertThat(Roc.auroc(SCORES, POSITIVE).getAsDouble()).isCloseTo(9.5 / 12, within(1e-12));
    }

    @Test
    void curveVisitsEveryDistinctThresholdAndItsAreaIsTheAuroc() {
        List<RocPoint> curve = Roc.curve(SCORES, POSITIVE);
        // thresholds ≥0.9: (0, 1/3); ≥0.7: (1/4, 2/3); ≥0.5: (3/4, 1); ≥0.2: (1, 1)
        assertThat(curve).containsExactly(new RocPoint(0, 0), new RocPoint(0, 1.0 / 3), new RocPoint(0.25, 2.0 / 3),
                new RocPoint(0.75, 1), new RocPoint(1, 1));
        double area = 0;
        for (int k = 1; k < curve.size(); k++) {
            area += (curve.get(k).falsePositiveRate() - curve.get(k - 1).falsePositiveRate())
                    * (curve.get(k).truePositiveRate() + curve.get(k - 1).truePositiveRate()) / 2;
        }
        assertThat(area).isCloseTo(9.5 / 12, within(1e-12));
    }

    @Test
    void straightRunsOfTheStaircaseKeepOnlyTheirEnds() {
        double[] scores = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4};
        boolean[] positive = {true, true, true, false, false, false};
        assertThat(Roc.curve(scores, positive))
                .containsExactly(new RocPoint(0, 0), new RocPoint(0, 1), new RocPoint(1, 1));
    }

    @Test
    void aurocIsUndefinedWithoutPositivesOrNegatives() {
        assertThat(Roc.auroc(new double[]{0.1, 0.2}, new boolean[]{true, true})).isEmpty();
        assertThat(Roc.auroc(new double[]{0.1, 0.2}, new boolean[]{false, false})).isEmpty();
        assertThat(Roc.curve(new double[]{0.1, 0.2}, new boolean[]{false, false})).isEmpty();
    }

    @Test
    void aWeightCountsLikeThatManyCopies() {
        double[] weights = {1, 1, 3, 1, 1, 1, 2};
        double[] copies = {0.9, 0.7, 0.5, 0.5, 0.5, 0.7, 0.5, 0.5, 0.2, 0.2};
        boolean[] copiesPositive = {true, true, true, true, true, false, false, false, false, false};
        assertThat(new Roc(SCORES).auroc(POSITIVE, weights).getAsDouble())
                .isCloseTo(Roc.auroc(copies, copiesPositive).getAsDouble(), within(1e-12));
    }

    @Test
    void perfectAndReversedRankings() {
        double[] scores = {0.1, 0.2, 0.3, 0.4};
        assertThat(Roc.auroc(scores, new boolean[]{false, false, true, true}).getAsDouble()).isEqualTo(1.0);
        assertThat(Roc.auroc(scores, new boolean[]{true, true, false, false}).getAsDouble()).isEqualTo(0.0);
        assertThat(Roc.auroc(new double[]{0.5, 0.5}, new boolean[]{true, false}).getAsDouble()).isEqualTo(0.5);
    }
}
