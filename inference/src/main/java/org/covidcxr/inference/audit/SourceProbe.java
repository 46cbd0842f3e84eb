package org.covidcxr.inference.audit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.Preprocessor;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.data.PreparedDataset;
import org.covidcxr.inference.evaluation.ExportedModelPredictions;
import org.covidcxr.inference.evaluation.Roc;

/**
 * How well a linear classifier on a model's penultimate features tells the source of an image <em>within one
 * class</em>: where it can, the features carry the source, which a shortcut can then use. L2-regularised logistic
 * regression on standardised features, scored out of fold ({@value #FOLDS} folds by patient), as the AUROC of the
 * held-out source predictions; 0.5 is a model whose features do not tell the sources apart.
 */
public final class SourceProbe {
    static final int FOLDS = 5;
    /** Fewer images of a source in a class than this, and the probe would only measure noise. */
    static final int MIN_PER_SOURCE = 3;
    private static final double L2 = 1.0;
    private static final int ITERATIONS = 300;

    /**
     * @param positiveSource the source scored as positive (the later name), against {@code otherSource}
     */
    public record Row(String className, String positiveSource, int positives, String otherSource, int others,
                      double auroc) {
    }

    private SourceProbe() {
    }

    /** The probe on a SavedModel's penultimate features; empty where its graph has no single such layer. */
    public static List<Row> ofModel(Path savedModel, int inputSize, List<LabelledImage> images) {
        PreparedDataset prepared = PreparedDataset.prepare(images, new Preprocessor(inputSize),
                Runtime.getRuntime().availableProcessors());
        return ExportedModelPredictions.penultimateFeatures(savedModel, prepared)
                .map(features -> run(features, images)).orElse(List.of());
    }

    /** One row per class whose images come from exactly two sources, each with at least {@value #MIN_PER_SOURCE}. */
    public static List<Row> run(float[][] features, List<LabelledImage> images) {
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < ModelSignature.CLASSES.size(); c++) {
            int label = c;
            int[] members = IntStream.range(0, images.size()).filter(i -> images.get(i).label() == label).toArray();
            Map<String, Integer> perSource = new TreeMap<>();
            for (int i : members) {
                perSource.merge(images.get(i).source(), 1, Integer::sum);
            }
            if (perSource.size() != 2 || perSource.values().stream().anyMatch(n -> n < MIN_PER_SOURCE)) {
                continue;
            }
            List<String> sources = List.copyOf(perSource.keySet());
            boolean[] positive = new boolean[members.length];
            double[][] x = new double[members.length][];
            String[] patients = new String[members.length];
            for (int k = 0; k < members.length; k++) {
                positive[k] = images.get(members[k]).source().equals(sources.get(1));
                x[k] = toDouble(features[members[k]]);
                patients[k] = images.get(members[k]).patientId();
            }
            double[] heldOut = outOfFold(standardised(x), positive, patients);
            rows.add(new Row(ModelSignature.CLASSES.get(c), sources.get(1), perSource.get(sources.get(1)),
                    sources.get(0), perSource.get(sources.get(0)),
                    Roc.auroc(heldOut, positive).orElse(Double.NaN)));
        }
        return rows;
    }

    private static double[] outOfFold(double[][] x, boolean[] y, String[] patients) {
        double[] scores = new double[x.length];
        for (int fold = 0; fold < FOLDS; fold++) {
            List<Integer> train = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                if (foldOf(patients[i]) != fold) {
                    train.add(i);
                }
            }
            double[] w = fit(x, y, train);
            for (int i = 0; i < x.length; i++) {
                if (foldOf(patients[i]) == fold) {
                    scores[i] = dot(w, x[i]);
                }
            }
        }
        return scores;
    }

    private static int foldOf(String patient) {
        return Math.floorMod(patient.hashCode() * 0x9E3779B9, FOLDS);
    }

    /** Class-balanced logistic regression by gradient descent; the last weight is the bias. */
    private static double[] fit(double[][] x, boolean[] y, List<Integer> train) {
        int d = x[0].length;
        double[] w = new double[d + 1];
        long positives = train.stream().filter(i -> y[i]).count();
        long negatives = train.size() - positives;
        if (positives == 0 || negatives == 0) {
            return w;
        }
        double rate = 0.5;
        for (int it = 0; it < ITERATIONS; it++) {
            double[] gradient = new double[d + 1];
            for (int i : train) {
                double p = 1 / (1 + Math.exp(-dot(w, x[i])));
                double weight = y[i] ? 0.5 / positives : 0.5 / negatives;
                double error = weight * (p - (y[i] ? 1 : 0));
                for (int j = 0; j < d; j++) {
                    gradient[j] += error * x[i][j];
                }
                gradient[d] += error;
            }
            for (int j = 0; j < d; j++) {
                w[j] -= rate * (gradient[j] + L2 * w[j] / train.size());
            }
            w[d] -= rate * gradient[d];
        }
        return w;
    }

    private static double dot(double[] w, double[] x) {
        double s = w[x.length];
        for (int j = 0; j < x.length; j++) {
            s += w[j] * x[j];
        }
        return s;
    }

    private static double[][] standardised(double[][] x) {
        int d = x[0].length;
        double[][] out = new double[x.length][d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j] / x.length;
            }
            double variance = 0;
            for (double[] row : x) {
                variance += (row[j] - mean) * (row[j] - mean) / x.length;
            }
            double sd = Math.sqrt(variance) + 1e-6;
            for (int i = 0; i < x.length; i++) {
                out[i][j] = (x[i][j] - mean) / sd;
            }
        }
        return out;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
