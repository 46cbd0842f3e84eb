package org.covidcxr.inference.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** The human-readable report: a summary table across groups, then each group's details and plots. */
final class MarkdownReport {

    private static final String UNDEFINED = "\u2014";

    private MarkdownReport() {
    }

    static String render(EvaluationReport report) {
        EvaluationSettings s = report.settings();
        String positive = s.positiveClassName();
        Map<String, GroupMetrics> groups = new LinkedHashMap<>();
        groups.put(Evaluator.ALL, report.overall());
        groups.putAll(report.bySource());

        StringBuilder md = new StringBuilder();
        md.append("# Evaluation: ").append(report.title()).append("\n\n");
        md.append("Classes (model output order): ").append(String.join(", ", s.classNames())).append(". ");
        md.append("Operating point: an image is called **").append(positive).append("** when P(").append(positive)
                .append(") \u2265 ").append(s.operatingThreshold()).append(".\n\n");
        md.append("- 95% confidence intervals: percentile bootstrap over **patients** (").append(s.bootstrapResamples())
                .append(" resamples, seed ").append(s.seed()).append("; all images of a drawn patient are kept).\n");
        md.append("- AUROC: one class vs the rest, Mann\u2013Whitney statistic (ties count \u00bd).\n");
        md.append("- Macro averages run over the classes present in the group's ground truth.\n");
        md.append("- ECE: ").append(s.calibrationBins()).append(" equal-width bins of the top-class confidence, "
                + "weighted mean of |accuracy \u2212 confidence|.\n");
        md.append("- ").append(UNDEFINED).append(" marks a value that is undefined in that group (e.g. AUROC or "
                + "sensitivity for a class the group does not contain).\n\n");

        md.append("## Summary\n\n");
        md.append(row("group", "images", "patients", "accuracy", "macro F1", "macro AUROC (95% CI)",
                positive + " AUROC (95% CI)", positive + " sensitivity", "specificity", "PPV", "NPV", "ECE"));
        md.append(rule(12));
        groups.forEach((name, g) -> {
            ClassMetrics p = g.classes().get(s.positiveClass());
            OperatingPoint op = g.operatingPoint();
            md.append(row(name, Integer.toString(g.images()), Integer.toString(g.patients()), f(g.accuracy()),
                    f(g.macroF1()), ci(g.macroAuroc(), g.macroAurocCi()), ci(p.auroc(), p.aurocCi()),
                    f(op.sensitivity()), f(op.specificity()), f(op.ppv()), f(op.npv()),
                    f(g.calibration().expectedCalibrationError())));
        });

        groups.forEach((name, g) -> group(md, name, g, s));
        return md.toString();
    }

    private static void group(StringBuilder md, String name, GroupMetrics g, EvaluationSettings s) {
        md.append("\n## ").append(name.equals(Evaluator.ALL) ? "All images" : "Source: " + name).append("\n\n");
        md.append(g.images()).append(" images of ").append(g.patients()).append(" patients. Accuracy ")
                .append(f(g.accuracy())).append(", macro precision ").append(f(g.macroPrecision()))
                .append(", macro recall ").append(f(g.macroRecall())).append(", macro F1 ").append(f(g.macroF1()))
                .append(", macro AUROC ").append(ci(g.macroAuroc(), g.macroAurocCi())).append(".\n\n");

        md.append(row("class", "images", "precision", "recall", "F1", "AUROC (95% CI)"));
        md.append(rule(6));
        for (ClassMetrics c : g.classes()) {
            md.append(row(c.name(), Long.toString(c.support()), f(c.precision()), f(c.recall()), f(c.f1()),
                    ci(c.auroc(), c.aurocCi())));
        }

        ConfusionMatrix m = g.confusionMatrix();
        md.append("\nConfusion matrix (rows: true class, columns: predicted class):\n\n");
        String[] header = new String[m.classCount() + 1];
        header[0] = "true \\ predicted";
        for (int k = 0; k < m.classCount(); k++) {
            header[k + 1] = m.classNames().get(k);
        }
        md.append(row(header)).append(rule(header.length));
        for (int t = 0; t < m.classCount(); t++) {
            String[] cells = new String[m.classCount() + 1];
            cells[0] = m.classNames().get(t);
            for (int p = 0; p < m.classCount(); p++) {
                cells[p + 1] = Long.toString(m.count(t, p));
            }
            md.append(row(cells));
        }

        OperatingPoint op = g.operatingPoint();
        md.append("\n").append(s.positiveClassName()).append(" at threshold ").append(op.threshold())
                .append(": TP ").append(op.truePositives()).append(", FP ").append(op.falsePositives())
                .append(", TN ").append(op.trueNegatives()).append(", FN ").append(op.falseNegatives())
                .append("; sensitivity ").append(f(op.sensitivity())).append(", specificity ")
                .append(f(op.specificity())).append(", PPV ").append(f(op.ppv())).append(", NPV ")
                .append(f(op.npv())).append(".\n\n");
        md.append("Expected calibration error ").append(f(g.calibration().expectedCalibrationError()))
                .append(".\n\n");
        for (String kind : List.of("roc", "reliability", "confusion")) {
            md.append("![").append(kind).append(" \u2014 ").append(name).append("](")
                    .append(ReportPlots.fileName(kind, name)).append(")\n");
        }
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static String rule(int columns) {
        return "|" + "---|".repeat(columns) + "\n";
    }

    private static String f(double v) {
        return ReportPlots.format(v);
    }

    private static String f(OptionalDouble v) {
        return v.isPresent() ? f(v.getAsDouble()) : UNDEFINED;
    }

    private static String ci(OptionalDouble v, Optional<ConfidenceInterval> interval) {
        if (v.isEmpty()) {
            return UNDEFINED;
        }
        return f(v.getAsDouble()) + interval.map(i -> " (" + f(i.lower()) + "\u2013" + f(i.upper()) + ")").orElse("");
    }
}
