package org.covidcxr.inference.audit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.audit.ShortcutAuditReport.AurocRow;
import org.covidcxr.inference.audit.ShortcutAuditReport.NuisanceRow;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.evaluation.ConfidenceInterval;
import org.covidcxr.inference.evaluation.PatientBootstrap;
import org.covidcxr.inference.evaluation.Roc;
import org.covidcxr.inference.serving.CovidClassifier;
import org.covidcxr.modelstore.ModelCard;

/**
 * Does a model read disease or the image's source? COVID-19-vs-rest AUROC within each source (where the source cannot
 * help), with only the border kept (where markers, text and collimation live) and with the lungs hidden (where the
 * disease is): a model that reads disease keeps its within-source AUROC, falls to chance on the border and with the
 * lungs hidden. And how far acquisition nuisance (re-compression, resampling, gamma, contrast, sharpening, a text
 * marker) moves P(COVID-19) of non-COVID images, and how many it pushes over the operating threshold.
 */
public final class ShortcutAudit {
    /** Share of each side kept by the border-only variant. */
    public static final double BORDER = 0.15;
    private static final int RESAMPLES = 1000;
    private static final long SEED = 7;

    /**
     * @param lungs the lung fields, one flag per pixel, where a mask is known
     */
    public record Subject(LabelledImage image, XrayImage xray, Optional<boolean[]> lungs) {
    }

    private ShortcutAudit() {
    }

    /**
     * The whole audit of one exported model, served the way the product serves it: the image variants and nuisance
     * through {@link CovidClassifier}, the source probe on its penultimate features.
     */
    public static ShortcutAuditReport ofModel(Path savedModel, ModelCard card, List<Subject> subjects) {
        try (CovidClassifier classifier = CovidClassifier.open(savedModel, card)) {
            return run(card.version(), subjects, x -> classifier.scoreAll(List.of(x)).get(0).covidProbability(),
                    card.operatingThreshold()).withSourceProbe(SourceProbe.ofModel(savedModel,
                    card.input().height(), subjects.stream().map(Subject::image).toList()));
        }
    }

    /**
     * @param covidProbability the model under audit: P(COVID-19) of an image, through the product's one path
     * @param threshold        its operating threshold
     */
    public static ShortcutAuditReport run(String model, List<Subject> subjects,
                                          ToDoubleFunction<XrayImage> covidProbability, double threshold) {
        int n = subjects.size();
        double[] full = new double[n];
        double[] border = new double[n];
        double[] hidden = new double[n];
        List<NuisanceScores> nuisance = new ArrayList<>();
        ImageVariants.NUISANCES.forEach(t -> nuisance.add(new NuisanceScores(t.name(), new ArrayList<>(),
                new ArrayList<>())));
        for (int i = 0; i < n; i++) {
            Subject s = subjects.get(i);
            full[i] = covidProbability.applyAsDouble(s.xray());
            border[i] = covidProbability.applyAsDouble(ImageVariants.borderOnly(s.xray(), BORDER));
            hidden[i] = s.lungs().map(l -> covidProbability.applyAsDouble(ImageVariants.lungsHidden(s.xray(), l)))
                    .orElse(Double.NaN);
            if (!covid(s)) {
                for (int t = 0; t < ImageVariants.NUISANCES.size(); t++) {
                    XrayImage variant = ImageVariants.NUISANCES.get(t).apply().apply(s.xray());
                    nuisance.get(t).before().add(full[i]);
                    nuisance.get(t).after().add(covidProbability.applyAsDouble(variant));
                }
            }
        }
        List<AurocRow> rows = new ArrayList<>();
        Map<String, boolean[]> groups = new LinkedHashMap<>();
        groups.put("all sources", all(n));
        for (String source : new TreeSet<>(subjects.stream().map(s -> s.image().source()).toList())) {
            boolean[] in = new boolean[n];
            for (int i = 0; i < n; i++) {
                in[i] = subjects.get(i).image().source().equals(source);
            }
            groups.put("within " + source, in);
        }
        boolean[] masked = new boolean[n];
        for (int i = 0; i < n; i++) {
            masked[i] = subjects.get(i).lungs().isPresent();
        }
        for (Map.Entry<String, boolean[]> g : groups.entrySet()) {
            row(rows, g.getKey(), "full image", subjects, full, g.getValue());
            row(rows, g.getKey(), "border only (" + Math.round(100 * BORDER) + " % frame)", subjects, border,
                    g.getValue());
            boolean[] maskedInGroup = and(g.getValue(), masked);
            row(rows, g.getKey(), "full image, images with a lung mask", subjects, full, maskedInGroup);
            row(rows, g.getKey(), "lungs hidden, images with a lung mask", subjects, hidden, maskedInGroup);
        }
        List<NuisanceRow> nuisanceRows = nuisance.stream().map(s -> s.row(threshold)).toList();
        return new ShortcutAuditReport(model, threshold, n, rows, nuisanceRows, List.of());
    }

    private static void row(List<AurocRow> rows, String group, String variant, List<Subject> subjects,
                            double[] scores, boolean[] in) {
        List<Integer> members = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            if (in[i]) {
                members.add(i);
            }
        }
        boolean[] positive = new boolean[members.size()];
        double[] s = new double[members.size()];
        List<String> patients = new ArrayList<>();
        for (int k = 0; k < members.size(); k++) {
            Subject subject = subjects.get(members.get(k));
            positive[k] = covid(subject);
            s[k] = scores[members.get(k)];
            patients.add(subject.image().patientId());
        }
        int positives = (int) countTrue(positive);
        if (positives == 0 || positives == positive.length) {
            return; // AUROC undefined: one class only
        }
        Roc roc = new Roc(s);
        OptionalDouble auroc = roc.auroc(positive);
        Optional<ConfidenceInterval> ci = new PatientBootstrap(patients).intervals(1,
                w -> new double[] {roc.auroc(positive, w).orElse(Double.NaN)}, RESAMPLES, SEED).get(0);
        rows.add(new AurocRow(group, variant, positives, positive.length - positives, auroc.orElse(Double.NaN),
                ci.map(ConfidenceInterval::lower).orElse(Double.NaN),
                ci.map(ConfidenceInterval::upper).orElse(Double.NaN)));
    }

    private record NuisanceScores(String name, List<Double> before, List<Double> after) {
        NuisanceRow row(double threshold) {
            int n = before.size();
            double[] delta = new double[n];
            int flips = 0;
            for (int i = 0; i < n; i++) {
                delta[i] = after.get(i) - before.get(i);
                if (before.get(i) < threshold && after.get(i) >= threshold) {
                    flips++;
                }
            }
            double[] magnitude = Arrays.stream(delta).map(Math::abs).toArray();
            return new NuisanceRow(name, n, median(delta), median(magnitude), flips,
                    n == 0 ? Double.NaN : (double) flips / n);
        }
    }

    private static boolean covid(Subject s) {
        return s.image().label() == ModelSignature.COVID;
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static boolean[] all(int n) {
        boolean[] b = new boolean[n];
        Arrays.fill(b, true);
        return b;
    }

    private static boolean[] and(boolean[] a, boolean[] b) {
        boolean[] out = new boolean[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] && b[i];
        }
        return out;
    }

    private static long countTrue(boolean[] b) {
        long c = 0;
        for (boolean v : b) {
            c += v ? 1 : 0;
        }
        return c;
    }
}
