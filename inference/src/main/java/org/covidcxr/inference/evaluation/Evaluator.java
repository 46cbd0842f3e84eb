package org.covidcxr.inference.evaluation;

import org.covidcxr.inference.ModelSignature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Computes an {@link EvaluationReport} from labelled predictions: overall and per source. */
public final class Evaluator {

    /** Name of the group holding every image. */
    public static final String ALL = "all";

    private Evaluator() {
    }

    /**
     * Evaluates {@code predictions} overall and inside every source.
     *
     * @param title what was evaluated, e.g. "model 1.2.0 on the test split" (shown in reports)
     */
    public static EvaluationReport evaluate(String title, List<LabelledPrediction> predictions,
                                            EvaluationSettings settings) {
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("there are no predictions to evaluate; check that the data set and "
                    + "split hold labelled images");
        }
        int classes = settings.classNames().size();
        for (LabelledPrediction p : predictions) {
            if (p.classCount() != classes) {
                throw new IllegalArgumentException("prediction '" + p.id() + "' has " + p.classCount()
                        + " class probabilities but the evaluation expects " + classes + " " + settings.classNames());
            }
        }
        Map<String, List<LabelledPrediction>> sources = predictions.stream()
                .collect(Collectors.groupingBy(LabelledPrediction::source, TreeMap::new, Collectors.toList()));
        Map<String, GroupMetrics> bySource = new LinkedHashMap<>();
        sources.forEach((source, group) -> bySource.put(source, group(source, group, settings)));
        return new EvaluationReport(title, settings, group(ALL, predictions, settings), bySource);
    }

    /**
     * COVID-19-vs-rest AUROC inside each source that holds both COVID-19 and other images, averaged over those
     * sources: the figure no difference between sources can raise. Empty when no source holds both.
     */
    public static OptionalDouble withinSourceCovidAuroc(float[][] probabilities, int[] labels, String[] sources) {
        return java.util.Arrays.stream(sources).distinct().mapToDouble(source -> {
            int[] members = IntStream.range(0, labels.length).filter(i -> sources[i].equals(source)).toArray();
            double[] scores = new double[members.length];
            boolean[] positive = new boolean[members.length];
            for (int k = 0; k < members.length; k++) {
                scores[k] = probabilities[members[k]][ModelSignature.COVID];
                positive[k] = labels[members[k]] == ModelSignature.COVID;
            }
            return Roc.auroc(scores, positive).orElse(Double.NaN);
        }).filter(a -> !Double.isNaN(a)).average();
    }

    /**
     * Macro one-vs-rest AUROC without intervals: cheap enough to run after every training epoch.
     * Empty when fewer than two classes occur in {@code labels}.
     *
     * @param probabilities {@code probabilities[i][c]}: image i's probability (or any monotone score) of class c
     */
    public static OptionalDouble macroAuroc(float[][] probabilities, int[] labels) {
        if (probabilities.length != labels.length) {
            throw new IllegalArgumentException(probabilities.length + " probability rows for " + labels.length
                    + " labels");
        }
        int classes = probabilities.length == 0 ? 0 : probabilities[0].length;
        double[] perClass = new double[classes];
        for (int c = 0; c < classes; c++) {
            double[] scores = new double[labels.length];
            boolean[] positive = new boolean[labels.length];
            for (int i = 0; i < labels.length; i++) {
                scores[i] = probabilities[i][c];
                positive[i] = labels[i] == c;
            }
            perClass[c] = Roc.auroc(scores, positive).orElse(Double.NaN);
        }
        int[] present = IntStream.range(0, classes)
                .filter(c -> IntStream.of(labels).anyMatch(l -> l == c)).toArray();
        return macro(perClass, present);
    }

    static GroupMetrics group(String name, List<LabelledPrediction> predictions, EvaluationSettings settings) {
        List<String> classNames = settings.classNames();
        int classCount = classNames.size();
        ConfusionMatrix confusion = ConfusionMatrix.of(classNames, predictions);
        int[] present = confusion.presentClasses();

        Roc[] rocs = new Roc[classCount];
        boolean[][] positive = new boolean[classCount][predictions.size()];
        for (int c = 0; c < classCount; c++) {
            double[] scores = new double[predictions.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = predictions.get(i).probability(c);
                positive[c][i] = predictions.get(i).trueClass() == c;
            }
            rocs[c] = new Roc(scores);
        }
        // Statistics 0..C-1 are the per-class AUROCs, statistic C the macro AUROC; NaN marks "undefined here".
        PatientBootstrap bootstrap = new PatientBootstrap(predictions.stream().map(LabelledPrediction::patientId).toList());
        List<Optional<ConfidenceInterval>> intervals = bootstrap.intervals(classCount + 1, weights -> {
            double[] values = new double[classCount + 1];
            for (int c = 0; c < classCount; c++) {
                values[c] = rocs[c].auroc(positive[c], weights).orElse(Double.NaN);
            }
            values[classCount] = macro(values, present).orElse(Double.NaN);
            return values;
        }, settings.bootstrapResamples(), settings.seed());

        List<ClassMetrics> classes = new ArrayList<>(classCount);
        double[] aurocs = new double[classCount];
        for (int c = 0; c < classCount; c++) {
            OptionalDouble auroc = rocs[c].auroc(positive[c]);
            aurocs[c] = auroc.orElse(Double.NaN);
            classes.add(new ClassMetrics(classNames.get(c), confusion.support(c), confusion.precision(c),
                    confusion.recall(c), confusion.f1(c), auroc, intervals.get(c), rocs[c].curve(positive[c])));
        }
        return new GroupMetrics(name, predictions.size(), bootstrap.patientCount(),
                confusion.accuracy().orElseThrow(), confusion.macroPrecision().orElseThrow(),
                confusion.macroRecall().orElseThrow(), confusion.macroF1().orElseThrow(), macro(aurocs, present),
                intervals.get(classCount), classes, confusion,
                OperatingPoint.of(predictions, settings.positiveClass(), settings.operatingThreshold()),
                Calibration.of(predictions, settings.calibrationBins()));
    }

    /** Mean over the present classes; empty with fewer than two of them (one-vs-rest needs a "rest"). */
    private static OptionalDouble macro(double[] perClass, int[] present) {
        if (present.length < 2) {
            return OptionalDouble.empty();
        }
        double sum = 0;
        for (int c : present) {
            if (Double.isNaN(perClass[c])) {
                return OptionalDouble.empty();
            }
            sum += perClass[c];
        }
        return OptionalDouble.of(sum / present.length);
    }
}
