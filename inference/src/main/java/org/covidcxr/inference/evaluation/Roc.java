package org.covidcxr.inference.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

/**
 * Binary ROC analysis of scores against a positive/negative truth, with optional per-sample weights (the patient
 * bootstrap weights each image by how often its patient was drawn).
 *
 * <p>AUROC is the Mann–Whitney statistic: the probability that a random positive scores higher than a random
 * negative, a tie counting one half. It is empty when either side has no samples (AUROC is undefined then).
 *
 * <p>The scores are sorted once; every AUROC afterwards is one linear pass over the tie groups, which is what makes
 * thousands of bootstrap resamples cheap.
 */
public final class Roc {

    private final double[] scores;
    /** Sample indices in ascending score order. */
    private final int[] order;
    /** {@code groupStart[g]} is the position in {@link #order} where tie group g starts; one extra entry at the end. */
    private final int[] groupStart;

    public Roc(double[] scores) {
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is " + scores[i] + "; scores must be finite");
            }
        }
        this.scores = scores.clone();
        this.order = IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.comparingDouble(i -> this.scores[i]))
                .mapToInt(Integer::intValue).toArray();
        List<Integer> starts = new ArrayList<>();
        for (int k = 0; k < order.length; k++) {
            if (k == 0 || this.scores[order[k]] != this.scores[order[k - 1]]) {
                starts.add(k);
            }
        }
        starts.add(order.length);
        this.groupStart = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** AUROC of {@code scores} for the samples marked positive; empty when there are no positives or no negatives. */
    public static OptionalDouble auroc(double[] scores, boolean[] positive) {
        return new Roc(scores).auroc(positive);
    }

    /** The ROC curve from (0, 0) to (1, 1), one vertex per distinct score; empty when AUROC is undefined. */
    public static List<RocPoint> curve(double[] scores, boolean[] positive) {
        return new Roc(scores).curve(positive);
    }

    /** AUROC of these scores for the samples marked positive; empty when either side has no samples. */
    public OptionalDouble auroc(boolean[] positive) {
        double[] ones = new double[scores.length];
        Arrays.fill(ones, 1);
        return auroc(positive, ones);
    }

    /** Weighted AUROC: sample i counts {@code weights[i]} times; empty when the positive or negative weight is 0. */
    public OptionalDouble auroc(boolean[] positive, double[] weights) {
        checkLength(positive.length);
        checkLength(weights.length);
        double pairs = 0;        // weighted count of (positive, negative) pairs ranked correctly, ties as 1/2
        double negativesBelow = 0;
        double positiveTotal = 0;
        for (int g = 0; g + 1 < groupStart.length; g++) {
            double pos = 0;
            double neg = 0;
            for (int k = groupStart[g]; k < groupStart[g + 1]; k++) {
                int i = order[k];
                double w = weights[i];
                if (positive[i]) {
                    pos += w;
                } else {
                    neg += w;
                }
            }
            pairs += pos * (negativesBelow + 0.5 * neg);
            negativesBelow += neg;
            positiveTotal += pos;
        }
        if (positiveTotal == 0 || negativesBelow == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(pairs / (positiveTotal * negativesBelow));
    }

    /**
     * ROC vertices for thresholds at every distinct score, walking from the highest score down. Points in the middle
     * of a straight vertical or horizontal run are dropped: the curve is the same, with far fewer points.
     */
    public List<RocPoint> curve(boolean[] positive) {
        checkLength(positive.length);
        long positives = IntStream.range(0, positive.length).filter(i -> positive[i]).count();
        long negatives = positive.length - positives;
        if (positives == 0 || negatives == 0) {
            return List.of();
        }
        List<RocPoint> points = new ArrayList<>(groupStart.length);
        points.add(new RocPoint(0, 0));
        long tp = 0;
        long fp = 0;
        for (int g = groupStart.length - 2; g >= 0; g--) {
            for (int k = groupStart[g]; k < groupStart[g + 1]; k++) {
                if (positive[order[k]]) {
                    tp++;
                } else {
                    fp++;
                }
            }
            addVertex(points, new RocPoint((double) fp / negatives, (double) tp / positives));
        }
        return List.copyOf(points);
    }

    private static void addVertex(List<RocPoint> points, RocPoint next) {
        int n = points.size();
        if (n >= 2) {
            RocPoint a = points.get(n - 2);
            RocPoint b = points.get(n - 1);
            boolean vertical = a.falsePositiveRate() == b.falsePositiveRate()
                    && b.falsePositiveRate() == next.falsePositiveRate();
            boolean horizontal = a.truePositiveRate() == b.truePositiveRate()
                    && b.truePositiveRate() == next.truePositiveRate();
            if (vertical || horizontal) {
                points.set(n - 1, next);
                return;
            }
        }
        points.add(next);
    }

    private void checkLength(int length) {
        if (length != scores.length) {
            throw new IllegalArgumentException("got " + length + " labels or weights for " + scores.length + " scores");
        }
    }
}
