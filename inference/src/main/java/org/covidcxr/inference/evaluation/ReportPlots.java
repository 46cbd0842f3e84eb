package org.covidcxr.inference.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Rectangle;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import org.covidcxr.inference.evaluation.ChartCanvas.LegendEntry;
import org.covidcxr.inference.evaluation.ChartCanvas.Style;

/** The report's PNG plots: ROC curves, reliability diagram and confusion-matrix heat map, for every group. */
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
            String label = e.getKey().equals(Evaluator.ALL) ? "all images" : "source " + e.getKey();
            written.add(write(roc(e.getValue(), report.settings(), label), folder.resolve(fileName("roc", e.getKey()))));
            written.add(write(reliability(e.getValue(), report.settings(), label),
                    folder.resolve(fileName("reliability", e.getKey()))));
            written.add(write(confusion(e.getValue(), label),
                    folder.resolve(fileName("confusion", e.getKey()))));
        }
        return written;
    }

    private static Path write(ChartCanvas canvas, Path file) throws IOException {
        try (canvas) {
            canvas.writePng(file);
        }
        return file;
    }

    static ChartCanvas roc(GroupMetrics group, EvaluationSettings settings, String label) {
        ChartCanvas c = new ChartCanvas(760, 760, new Rectangle(100, 90, 600, 580));
        c.title("ROC curves, one class vs rest", label + ", " + counts(group));
        c.unitAxes();
        c.diagonal();
        List<LegendEntry> legend = new ArrayList<>();
        for (int k = 0; k < group.classes().size(); k++) {
            ClassMetrics m = group.classes().get(k);
            Color color = ChartCanvas.PALETTE.get(k % ChartCanvas.PALETTE.size());
            if (!m.roc().isEmpty()) {
                Path2D.Double curve = new Path2D.Double();
                curve.moveTo(c.x(0), c.y(0));
                m.roc().forEach(p -> curve.lineTo(c.x(p.falsePositiveRate()), c.y(p.truePositiveRate())));
                c.g.setColor(color);
                c.g.setStroke(new BasicStroke(2.5f));
                c.g.draw(curve);
            }
            legend.add(new LegendEntry(color, m.name() + ": AUROC " + withInterval(m.auroc(), m.aurocCi()),
                    Style.LINE));
        }
        OperatingPoint op = group.operatingPoint();
        if (op.sensitivity().isPresent() && op.specificity().isPresent()) {
            Color color = ChartCanvas.PALETTE.get(settings.positiveClass() % ChartCanvas.PALETTE.size());
            c.marker(c.x(1 - op.specificity().getAsDouble()), c.y(op.sensitivity().getAsDouble()), color);
            legend.add(new LegendEntry(color, "operating point, P(" + settings.positiveClassName() + ") \u2265 "
                    + op.threshold(), Style.POINT));
        }
        legend.add(new LegendEntry(Color.GRAY, "chance", Style.DASHED));
        c.legend(legend, false);
        c.axisTitles("False-positive rate (1 \u2212 specificity)", 52, "True-positive rate (sensitivity)", 52);
        return c;
    }

    static ChartCanvas reliability(GroupMetrics group, EvaluationSettings settings, String label) {
        ChartCanvas c = new ChartCanvas(760, 760, new Rectangle(100, 90, 600, 580));
        Calibration calibration = group.calibration();
        c.title("Reliability diagram", label + ", " + counts(group) + ", ECE = "
                + format(calibration.expectedCalibrationError()) + " (" + settings.calibrationBins() + " bins)");
        c.unitAxes();
        Color bar = new Color(0x0072B2);
        Color confidenceColor = new Color(0xD55E00);
        c.g.setFont(ChartCanvas.font(Font.PLAIN, 12));
        FontMetrics fm = c.g.getFontMetrics();
        for (ReliabilityBin b : calibration.bins()) {
            if (b.count() == 0) {
                continue;
            }
            double accuracy = b.accuracy().orElseThrow();
            double confidence = b.meanConfidence().orElseThrow();
            int left = c.x(b.lower()) + 2;
            int width = c.x(b.upper()) - c.x(b.lower()) - 4;
            c.g.setColor(bar);
            c.g.fillRect(left, c.y(accuracy), width, c.y(0) - c.y(accuracy));
            c.g.setColor(confidenceColor);
            c.g.setStroke(new BasicStroke(3));
            c.g.drawLine(left, c.y(confidence), left + width, c.y(confidence));
            // The image count sits above the bar, or inside its top when there is no room above.
            int top = c.y(Math.max(accuracy, confidence));
            boolean inside = top - fm.getHeight() < c.plot.y;
            c.g.setColor(inside ? Color.WHITE : Color.BLACK);
            c.centred(Long.toString(b.count()), left + width / 2,
                    inside ? c.y(accuracy) + fm.getAscent() + 6 : top - fm.getDescent() - 3);
        }
        c.diagonal();
        c.frame();
        c.legend(List.of(new LegendEntry(bar, "accuracy in bin (number: images in bin)", Style.BOX),
                new LegendEntry(confidenceColor, "mean confidence in bin", Style.LINE),
                new LegendEntry(Color.GRAY, "perfect calibration", Style.DASHED)), true);
        c.axisTitles("Confidence (highest class probability)", 52, "Accuracy", 52);
        return c;
    }

    static ChartCanvas confusion(GroupMetrics group, String label) {
        ConfusionMatrix matrix = group.confusionMatrix();
        int n = matrix.classCount();
        ChartCanvas c = new ChartCanvas(760, 720, new Rectangle(190, 100, 520, 520));
        c.title("Confusion matrix", label + ", " + counts(group) + "; colour = share of the true class");
        int cell = c.plot.width / n;
        Color full = new Color(0x0072B2);
        for (int t = 0; t < n; t++) {
            long support = matrix.support(t);
            for (int p = 0; p < n; p++) {
                double share = support == 0 ? 0 : (double) matrix.count(t, p) / support;
                int left = c.plot.x + p * cell;
                int top = c.plot.y + t * cell;
                c.g.setColor(blend(Color.WHITE, full, share));
                c.g.fillRect(left, top, cell, cell);
                c.g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                c.g.setFont(ChartCanvas.font(Font.BOLD, 26));
                c.centred(Long.toString(matrix.count(t, p)), left + cell / 2, top + cell / 2 + 4);
                c.g.setFont(ChartCanvas.font(Font.PLAIN, 15));
                c.centred(support == 0 ? "(no images)" : String.format(Locale.ROOT, "%.1f%%", 100 * share),
                        left + cell / 2, top + cell / 2 + 28);
            }
        }
        c.g.setColor(Color.GRAY);
        c.g.setStroke(new BasicStroke(1));
        for (int k = 1; k < n; k++) {
            c.g.drawLine(c.plot.x + k * cell, c.plot.y, c.plot.x + k * cell, c.plot.y + n * cell);
            c.g.drawLine(c.plot.x, c.plot.y + k * cell, c.plot.x + n * cell, c.plot.y + k * cell);
        }
        c.frame();
        c.g.setColor(Color.BLACK);
        c.g.setFont(ChartCanvas.font(Font.PLAIN, 15));
        FontMetrics fm = c.g.getFontMetrics();
        for (int k = 0; k < n; k++) {
            String name = matrix.classNames().get(k);
            c.centred(name, c.plot.x + k * cell + cell / 2, c.plot.y + c.plot.height + 8 + fm.getAscent());
            c.g.drawString(name, c.plot.x - 10 - fm.stringWidth(name), c.plot.y + k * cell + cell / 2 + 5);
        }
        c.axisTitles("Predicted class", 56, "True class", 120);
        return c;
    }

    private static String counts(GroupMetrics group) {
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

    private static Color blend(Color from, Color to, double t) {
        return new Color((int) Math.round(from.getRed() + t * (to.getRed() - from.getRed())),
                (int) Math.round(from.getGreen() + t * (to.getGreen() - from.getGreen())),
                (int) Math.round(from.getBlue() + t * (to.getBlue() - from.getBlue())));
    }
}
