package org.covidcxr.inference.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Expected calibration error and the reliability diagram behind it, in the standard top-label form
 * (Guo et al., "On Calibration of Modern Neural Networks", 2017).
 *
 * <p>Each image contributes its confidence {@code c} = the highest class probability, and whether the arg-max class is
 * correct. Confidences fall into {@code M} equal-width bins {@code ((m-1)/M, m/M]} (a confidence of exactly 0 goes to
 * the first bin). Then {@code ECE = Σ_m (n_m / n) · |accuracy_m − meanConfidence_m|}: the gap between how sure the
 * model says it is and how often it is right, weighted by how many images sit in each bin.
 */
public record Calibration(double expectedCalibrationError, List<ReliabilityBin> bins) {

    public Calibration {
        bins = List.copyOf(bins);
    }

    public static Calibration of(List<LabelledPrediction> predictions, int binCount) {
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("calibration needs at least one prediction");
        }
        long[] count = new long[binCount];
        double[] confidenceSum = new double[binCount];
        long[] correct = new long[binCount];
        for (LabelledPrediction p : predictions) {
            double confidence = p.confidence();
            int bin = Math.min(binCount - 1, Math.max(0, (int) Math.ceil(confidence * binCount) - 1));
            count[bin]++;
            confidenceSum[bin] += confidence;
            if (p.predictedClass() == p.trueClass()) {
                correct[bin]++;
            }
        }
        double ece = 0;
        List<ReliabilityBin> bins = new ArrayList<>(binCount);
        for (int m = 0; m < binCount; m++) {
            OptionalDouble meanConfidence = count[m] == 0
                    ? OptionalDouble.empty() : OptionalDouble.of(confidenceSum[m] / count[m]);
            OptionalDouble accuracy = ConfusionMatrix.ratio(correct[m], count[m]);
            if (count[m] > 0) {
                ece += (double) count[m] / predictions.size()
                        * Math.abs(accuracy.getAsDouble() - meanConfidence.getAsDouble());
            }
            bins.add(new ReliabilityBin((double) m / binCount, (double) (m + 1) / binCount, count[m],
                    meanConfidence, accuracy));
        }
        return new Calibration(ece, bins);
    }
}
