package org.covidcxr.inference.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Percentile bootstrap over patients: each resample draws as many patients as there are, with replacement, and takes
 * all images of every drawn patient. Images of one patient are correlated, so resampling images instead would give
 * intervals that are too narrow.
 *
 * <p>A resample is represented by image weights (how often the image's patient was drawn), so a statistic never
 * copies data. Patients are numbered in sorted-id order, which makes the result independent of the input order.
 */
public final class PatientBootstrap {

    static final double LEVEL = 0.95;
    /** A statistic undefined in more than half of the resamples gets no interval: its spread would be meaningless. */
    private static final double MIN_DEFINED_FRACTION = 0.5;

    private final int[] patientOfImage;
    private final int patientCount;

    public PatientBootstrap(List<String> patientIdOfImage) {
        Map<String, Integer> index = new TreeMap<>();
        patientIdOfImage.forEach(id -> index.put(id, 0));
        int next = 0;
        for (Map.Entry<String, Integer> e : index.entrySet()) {
            e.setValue(next++);
        }
        this.patientCount = next;
        this.patientOfImage = patientIdOfImage.stream().mapToInt(index::get).toArray();
    }

    int patientCount() {
        return patientCount;
    }

    /**
     * Intervals for {@code statisticCount} statistics computed together on each resample.
     *
     * @param statistic maps image weights to the statistics' values, NaN where a statistic is undefined
     */
    public List<Optional<ConfidenceInterval>> intervals(int statisticCount, Function<double[], double[]> statistic,
                                                 int resamples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] values = new double[statisticCount][resamples];
        int[] draws = new int[patientCount];
        double[] weights = new double[patientOfImage.length];
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(draws, 0);
            for (int k = 0; k < patientCount; k++) {
                draws[random.nextInt(patientCount)]++;
            }
            for (int i = 0; i < weights.length; i++) {
                weights[i] = draws[patientOfImage[i]];
            }
            double[] v = statistic.apply(weights);
            for (int s = 0; s < statisticCount; s++) {
                values[s][b] = v[s];
            }
        }
        List<Optional<ConfidenceInterval>> intervals = new ArrayList<>(statisticCount);
        for (double[] v : values) {
            double[] defined = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
            intervals.add(defined.length < MIN_DEFINED_FRACTION * resamples
                    ? Optional.empty()
                    : Optional.of(new ConfidenceInterval(quantile(defined, (1 - LEVEL) / 2),
                            quantile(defined, 1 - (1 - LEVEL) / 2), defined.length)));
        }
        return intervals;
    }

    /** Linear interpolation between order statistics (Hyndman–Fan type 7, the R and NumPy default). */
    static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
