package org.covidcxr.inference.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** The report's PNG plots, for every group: ROC curves, reliability diagram and confusion-matrix heat map. */
final class ReportPlots {

    private ReportPlots() {
    }

    /** Overall plots are named {@code <kind>-all.png}, per-source ones {@code <kind>-source-<source>.png}. */
    static String fileName(String kind, String group) {
        return kind + (group.equals(Evaluator.ALL) ? "-all" : "-source-" + group.replaceAll("[^A-Za-z0-9_.-]", "_"))
                + ".png";
    }

    static List<Path> writeAll(EvaluationReport report, Path folder) throws IOException {
        Map<String, GroupMetrics> groups = new LinkedHashMap<>();
        groups.put(Evaluator.ALL, report.overall());
        groups.putAll(report.bySource());
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, GroupMetrics> e : groups.entrySet()) {
            String group = e.getKey();
            GroupMetrics metrics = e.getValue();
            String label = group.equals(Evaluator.ALL) ? "all images" : "source " + group;
            written.add(ChartStyle.writePng(RocPlot.chart(metrics, report.settings(), label), 760, 760,
                    folder.resolve(fileName("roc", group))));
            written.add(ChartStyle.writePng(ReliabilityPlot.chart(metrics, report.settings(), label), 760, 800,
                    folder.resolve(fileName("reliability", group))));
            written.add(ChartStyle.writePng(ConfusionPlot.chart(metrics, label), 760, 720,
                    folder.resolve(fileName("confusion", group))));
        }
        return written;
    }

    static String counts(GroupMetrics group) {
        return group.images() + " images of " + group.patients() + " patients";
    }

    /** "0.953 (95% CI 0.921–0.978)", or "undefined (class absent or alone)". */
    static String withInterval(OptionalDouble value, Optional<ConfidenceInterval> ci) {
        if (value.isEmpty()) {
            return "undefined (class absent or alone in this group)";
        }
        return format(value.getAsDouble()) + ci.map(i -> " (95% CI " + format(i.lower()) + "\u2013"
                + format(i.upper()) + ")").orElse(" (no CI: too few patients)");
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
