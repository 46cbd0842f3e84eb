package org.covidcxr.inference.evaluation;

import java.util.List;

/**
 * Temperature scaling (Guo et al. 2017): calibrated probabilities are {@code softmax(logits / T)} with one
 * temperature {@code T > 0} fitted on validation data by minimising the negative log-likelihood. It never changes an
 * image's arg-max, so accuracy stays the same; with three classes it can reorder one class's probability across
 * images, so AUROCs and the operating threshold are always computed on the calibrated outputs that are served.
 *
 * <p>The fit is robust and global: the NLL is convex in {@code β = 1/T} (its second derivative is the variance of
 * the logits under the softmax), hence unimodal in {@code log T}. A golden-section search on {@code log T} over
 * [{@value #MIN_TEMPERATURE}, {@value #MAX_TEMPERATURE}] brackets the minimum, and a few safeguarded Newton steps in
 * {@code β} polish it to machine precision. An optimum outside that range is clamped to it.
 */
public record TemperatureScaling(double temperature) {

    public static final double MIN_TEMPERATURE = 0.05;
    public static final double MAX_TEMPERATURE = 20;
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;

    public TemperatureScaling {
        if (!(temperature > 0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException("temperature must be a positive finite number, got " + temperature);
        }
    }

    /** The identity calibration. */
    public static TemperatureScaling none() {
        return new TemperatureScaling(1);
    }

    /**
     * Fits T on validation logits.
     *
     * @param logits {@code logits[i]} are image i's pre-softmax outputs in class order
     * @param labels {@code labels[i]} is image i's true class index
     */
    public static TemperatureScaling fit(float[][] logits, int[] labels) {
        validate(logits, labels);
        double lo = Math.log(MIN_TEMPERATURE);
        double hi = Math.log(MAX_TEMPERATURE);
        double a = hi - GOLDEN * (hi - lo);
        double b = lo + GOLDEN * (hi - lo);
        double fa = nll(logits, labels, Math.exp(-a));
        double fb = nll(logits, labels, Math.exp(-b));
        while (hi - lo > 1e-4) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - GOLDEN * (hi - lo);
                fa = nll(logits, labels, Math.exp(-a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + GOLDEN * (hi - lo);
                fb = nll(logits, labels, Math.exp(-b));
            }
        }
        return new TemperatureScaling(newtonPolish(logits, labels, 1 / Math.exp((lo + hi) / 2)));
    }

    /** Fits T on predictions that carry logits (e.g. the validation split's). */
    public static TemperatureScaling fit(List<LabelledPrediction> validation) {
        float[][] logits = new float[validation.size()][];
        int[] labels = new int[validation.size()];
        for (int i = 0; i < logits.length; i++) {
            LabelledPrediction p = validation.get(i);
            logits[i] = p.logits().orElseThrow(() -> new IllegalArgumentException("prediction '" + p.id()
                    + "' has no logits; temperature scaling needs the model's pre-softmax outputs"));
            labels[i] = p.trueClass();
        }
        return fit(logits, labels);
    }

    /** Calibrated probabilities {@code softmax(logits / T)}. */
    public float[] apply(float[] logits) {
        double[] p = softmax(logits, 1 / temperature);
        float[] out = new float[p.length];
        for (int c = 0; c < p.length; c++) {
            out[c] = (float) p[c];
        }
        return out;
    }

    /** Mean negative log-likelihood of the true classes under {@code softmax(logits / temperature)}. */
    public static double meanNegativeLogLikelihood(float[][] logits, int[] labels, double temperature) {
        validate(logits, labels);
        return nll(logits, labels, 1 / temperature);
    }

    private static double nll(float[][] logits, int[] labels, double beta) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            sum += logSumExp(logits[i], beta) - beta * logits[i][labels[i]];
        }
        return sum / logits.length;
    }

    /** Newton on β where the NLL is convex; a step is kept only if it stays in range and does not raise the NLL. */
    private static double newtonPolish(float[][] logits, int[] labels, double beta) {
        double current = nll(logits, labels, beta);
        for (int iteration = 0; iteration < 30; iteration++) {
            double gradient = 0;
            double curvature = 0;
            for (int i = 0; i < logits.length; i++) {
                double[] p = softmax(logits[i], beta);
                double mean = 0;
                double square = 0;
                for (int c = 0; c < p.length; c++) {
                    mean += p[c] * logits[i][c];
                    square += p[c] * logits[i][c] * logits[i][c];
                }
                gradient += mean - logits[i][labels[i]];
                curvature += square - mean * mean;
            }
            if (curvature <= 0) {
                break;
            }
            double next = beta - gradient / curvature;
            if (!(next >= 1 / MAX_TEMPERATURE && next <= 1 / MIN_TEMPERATURE)) {
                break;
            }
            double value = nll(logits, labels, next);
            if (value > current) {
                break;
            }
            boolean converged = Math.abs(next - beta) <= 1e-12 * Math.max(1, beta);
            beta = next;
            current = value;
            if (converged) {
                break;
            }
        }
        return 1 / beta;
    }

    private static double[] softmax(float[] logits, double beta) {
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) {
            max = Math.max(max, beta * z);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            p[c] = Math.exp(beta * logits[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    private static double logSumExp(float[] logits, double beta) {
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) {
            max = Math.max(max, beta * z);
        }
        double sum = 0;
        for (float z : logits) {
            sum += Math.exp(beta * z - max);
        }
        return max + Math.log(sum);
    }

    private static void validate(float[][] logits, int[] labels) {
        if (logits.length == 0 || logits.length != labels.length) {
            throw new IllegalArgumentException("temperature scaling needs one label per logit row and at least one "
                    + "row; got " + logits.length + " rows and " + labels.length + " labels");
        }
        int classes = logits[0].length;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i].length != classes || classes < 2) {
                throw new IllegalArgumentException("logit row " + i + " has " + logits[i].length
                        + " values; every row needs the same number of classes (at least two)");
            }
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of row " + i + " is outside 0.."
                        + (classes - 1));
            }
            for (float z : logits[i]) {
                if (!Float.isFinite(z)) {
                    throw new IllegalArgumentException("logit row " + i + " holds a non-finite value " + z);
                }
            }
        }
    }
}
