package org.covidcxr.inference.sitetraining;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.evaluation.ConfidenceInterval;
import org.covidcxr.inference.evaluation.PatientBootstrap;
import org.covidcxr.inference.evaluation.Roc;
import org.covidcxr.inference.serving.Diagnosis;

/**
 * The metrics the acceptance criteria judge, for the active and the new model on the same site test images, with a
 * paired patient bootstrap interval of each difference (new − active). Both models are scored on every resample, so
 * what the images have in common cancels out: the interval is that of the difference, far narrower than two separate
 * intervals would suggest, and honest about a small test set.
 */
public final class PairedDifferences {
    static final int RESAMPLES = 2000;
    /** Fixed, so the same run always gets the same verdict. */
    static final long SEED = 19L;

    /** The metrics, in this order. */
    public enum Metric {
        COVID_AUROC("COVID-19 AUROC", false),
        SENSITIVITY("COVID-19 sensitivity at threshold", false),
        SPECIFICITY("COVID-19 specificity at threshold", false),
        MACRO_F1("Macro F1 (three classes)", false),
        /**
         * The shortcut audit's lungs-hidden figure: COVID-19 AUROC on the same films with the lung fields filled in.
         * A model that reads disease falls towards 0.5 there; higher means it reads more from outside the lungs.
         */
        LUNGS_HIDDEN_AUROC("COVID-19 AUROC with the lungs hidden", true);

        public final String title;
        /** Whether a higher value is the worse one. */
        public final boolean higherIsWorse;

        Metric(String title, boolean higherIsWorse) {
            this.title = title;
            this.higherIsWorse = higherIsWorse;
        }
    }

    /**
     * One metric for both models, and the interval of new − active; the values are NaN and the interval empty where
     * the site test split cannot define the metric (e.g. no COVID-19 images).
     */
    public record Difference(Metric metric, double active, double candidate, Optional<ConfidenceInterval> interval) {
    }

    /** One test image as both models saw it. */
    public record Case(String patientId, int label, Diagnosis active, Diagnosis candidate) {
    }

    private PairedDifferences() {
    }

    /** The four metrics of the full films. */
    public static List<Difference> of(List<Case> cases) {
        return of(cases, List.of());
    }

    /**
     * The four metrics of the full films and, where {@code lungsHidden} holds the same films (same order) with their
     * lung fields hidden, the lungs-hidden COVID-19 AUROC, resampled by the same patients.
     */
    public static List<Difference> of(List<Case> cases, List<Case> lungsHidden) {
        if (!lungsHidden.isEmpty() && lungsHidden.size() != cases.size()) {
            throw new IllegalArgumentException("the lungs-hidden films must be the same films as the full ones");
        }
        int n = cases.size();
        boolean[] covid = new boolean[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = cases.get(i).label();
            covid[i] = labels[i] == ModelSignature.COVID;
        }
        Scored active = new Scored(cases.stream().map(Case::active).toList());
        Scored candidate = new Scored(cases.stream().map(Case::candidate).toList());
        Optional<Scored> activeHidden = lungsHidden.isEmpty() ? Optional.empty()
                : Optional.of(new Scored(lungsHidden.stream().map(Case::active).toList()));
        Optional<Scored> candidateHidden = lungsHidden.isEmpty() ? Optional.empty()
                : Optional.of(new Scored(lungsHidden.stream().map(Case::candidate).toList()));
        List<Metric> judged = Arrays.stream(Metric.values())
                .filter(m -> m != Metric.LUNGS_HIDDEN_AUROC || !lungsHidden.isEmpty()).toList();
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        double[] activePoint = metrics(active, activeHidden, covid, labels, ones);
        double[] candidatePoint = metrics(candidate, candidateHidden, covid, labels, ones);
        List<Optional<ConfidenceInterval>> intervals = new PatientBootstrap(cases.stream().map(Case::patientId)
                .toList()).intervals(judged.size(), w -> {
                    double[] a = metrics(active, activeHidden, covid, labels, w);
                    double[] c = metrics(candidate, candidateHidden, covid, labels, w);
                    double[] d = new double[judged.size()];
                    for (int m = 0; m < d.length; m++) {
                        d[m] = c[m] - a[m];
                    }
                    return d;
                }, RESAMPLES, SEED);
        List<Difference> out = new ArrayList<>();
        for (int i = 0; i < judged.size(); i++) {
            Metric m = judged.get(i);
            boolean defined = Double.isFinite(activePoint[i]) && Double.isFinite(candidatePoint[i]);
            out.add(new Difference(m, activePoint[i], candidatePoint[i],
                    defined ? intervals.get(i) : Optional.empty()));
        }
        return out;
    }

    /** The full films' metrics, then the lungs-hidden AUROC where there are lungs-hidden answers. */
    private static double[] metrics(Scored full, Optional<Scored> hidden, boolean[] covid, int[] labels,
                                    double[] weights) {
        double[] values = full.metrics(covid, labels, weights);
        if (hidden.isEmpty()) {
            return values;
        }
        double[] all = Arrays.copyOf(values, values.length + 1);
        all[values.length] = hidden.get().auroc(covid, weights);
        return all;
    }

    /** One model's answers, prepared once for every resample. */
    private static final class Scored {
        private final Roc roc;
        private final boolean[] flagged;
        private final int[] predicted;

        Scored(List<Diagnosis> answers) {
            int n = answers.size();
            double[] scores = new double[n];
            flagged = new boolean[n];
            predicted = new int[n];
            for (int i = 0; i < n; i++) {
                Diagnosis d = answers.get(i);
                scores[i] = d.covidProbability();
                flagged[i] = d.covidProbability() >= d.operatingThreshold();
                predicted[i] = d.predictedIndex();
            }
            roc = new Roc(scores);
        }

        double auroc(boolean[] covid, double[] weights) {
            return roc.auroc(covid, weights).orElse(Double.NaN);
        }

        /**
         * The full films' metrics with image i counted {@code weights[i]} times, in {@link Metric} order; NaN where
         * undefined.
         */
        double[] metrics(boolean[] covid, int[] labels, double[] weights) {
            double tp = 0;
            double positives = 0;
            double tn = 0;
            double negatives = 0;
            int classes = ModelSignature.CLASSES.size();
            double[][] confusion = new double[classes][classes];
            for (int i = 0; i < weights.length; i++) {
                double w = weights[i];
                if (covid[i]) {
                    positives += w;
                    tp += flagged[i] ? w : 0;
                } else {
                    negatives += w;
                    tn += flagged[i] ? 0 : w;
                }
                confusion[labels[i]][predicted[i]] += w;
            }
            return new double[] {auroc(covid, weights),
                    positives > 0 ? tp / positives : Double.NaN, negatives > 0 ? tn / negatives : Double.NaN,
                    macroF1(confusion)};
        }

        /** Mean F1 over the classes present in the truth, as {@code ConfusionMatrix.macroF1} defines it. */
        private static double macroF1(double[][] confusion) {
            double sum = 0;
            int present = 0;
            for (int c = 0; c < confusion.length; c++) {
                double support = 0;
                double predictedAs = 0;
                for (int k = 0; k < confusion.length; k++) {
                    support += confusion[c][k];
                    predictedAs += confusion[k][c];
                }
                if (support > 0) {
                    double tp = confusion[c][c];
                    sum += 2 * tp / (support + predictedAs);
                    present++;
                }
            }
            return present == 0 ? Double.NaN : sum / present;
        }
    }
}
