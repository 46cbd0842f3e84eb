package org.covidcxr.inference.evaluation;

import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

/**
 * Counts of (true class, predicted class) pairs; the predicted class is the arg-max of the probabilities.
 *
 * <p>Per-class values that divide by zero are empty: precision of a class never predicted, recall of a class that
 * never occurs. F1 is {@code 2TP / (2TP + FP + FN)}, empty (like recall) when the class never occurs.
 *
 * <p>Macro averages run over the classes <em>present in the ground truth</em>, so a source without COVID-19 images is
 * judged on the classes it has; a present class that is never predicted counts with precision 0 (scikit-learn's
 * {@code zero_division=0}), because the model failed it.
 *
 * @param classNames class names in index order
 * @param counts     {@code counts[trueClass][predictedClass]}
 */
public record ConfusionMatrix(List<String> classNames, long[][] counts) {

    public ConfusionMatrix {
        classNames = List.copyOf(classNames);
        long[][] copy = new long[classNames.size()][];
        if (counts.length != classNames.size()) {
            throw new IllegalArgumentException("confusion matrix has " + counts.length + " rows for "
                    + classNames.size() + " classes");
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != classNames.size()) {
                throw new IllegalArgumentException("confusion matrix row " + i + " has " + counts[i].length
                        + " columns for " + classNames.size() + " classes");
            }
            copy[i] = counts[i].clone();
        }
        counts = copy;
    }

    public static ConfusionMatrix of(List<String> classNames, List<LabelledPrediction> predictions) {
        long[][] counts = new long[classNames.size()][classNames.size()];
        for (LabelledPrediction p : predictions) {
            counts[p.trueClass()][p.predictedClass()]++;
        }
        return new ConfusionMatrix(classNames, counts);
    }

    @Override
    public long[][] counts() {
        return IntStream.range(0, counts.length).mapToObj(i -> counts[i].clone()).toArray(long[][]::new);
    }

    public long count(int trueClass, int predictedClass) {
        return counts[trueClass][predictedClass];
    }

    public int classCount() {
        return classNames.size();
    }

    public long total() {
        long total = 0;
        for (long[] row : counts) {
            for (long v : row) {
                total += v;
            }
        }
        return total;
    }

    /** Number of images whose true class is {@code c}. */
    public long support(int c) {
        long s = 0;
        for (long v : counts[c]) {
            s += v;
        }
        return s;
    }

    /** Number of images predicted as {@code c}. */
    public long predicted(int c) {
        long s = 0;
        for (long[] row : counts) {
            s += row[c];
        }
        return s;
    }

    public OptionalDouble accuracy() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        return ratio(correct, total());
    }

    public OptionalDouble precision(int c) {
        return ratio(counts[c][c], predicted(c));
    }

    public OptionalDouble recall(int c) {
        return ratio(counts[c][c], support(c));
    }

    /** Undefined for a class absent from the ground truth (like recall), even when it was predicted. */
    public OptionalDouble f1(int c) {
        if (support(c) == 0) {
            return OptionalDouble.empty();
        }
        long tp = counts[c][c];
        long fp = predicted(c) - tp;
        long fn = support(c) - tp;
        return ratio(2 * tp, 2 * tp + fp + fn);
    }

    /** Indices of the classes that occur in the ground truth: the classes macro averages run over. */
    public int[] presentClasses() {
        return IntStream.range(0, counts.length).filter(c -> support(c) > 0).toArray();
    }

    public OptionalDouble macroPrecision() {
        return IntStream.of(presentClasses()).mapToDouble(c -> precision(c).orElse(0)).average();
    }

    public OptionalDouble macroRecall() {
        return IntStream.of(presentClasses()).mapToDouble(c -> recall(c).orElseThrow()).average();
    }

    public OptionalDouble macroF1() {
        return IntStream.of(presentClasses()).mapToDouble(c -> f1(c).orElseThrow()).average();
    }

    static OptionalDouble ratio(long numerator, long denominator) {
        return denominator == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) numerator / denominator);
    }
}
