package org.covidcxr.inference.evaluation;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;

/** ROC curves, one class vs rest, each with its AUROC in the legend, and the operating point on the positive class. */
final class RocPlot {

    private RocPlot() {
    }

    static JFreeChart chart(GroupMetrics group, EvaluationSettings settings, String label) {
        XYPlot plot = ChartStyle.unitPlot("False-positive rate (1 \u2212 specificity)",
                "True-positive rate (sensitivity)");
        // Dataset index = drawing order: the diagonal under the curves, the operating point on top.
        XYLineAndShapeRenderer chance = ChartStyle.addDiagonal(plot, 0, "chance");
        XYLineAndShapeRenderer curves = curves(plot, group);
        XYLineAndShapeRenderer point = operatingPoint(plot, group, settings);
        ChartStyle.insideBottomRight(plot, ChartStyle.legend(RectangleEdge.RIGHT, curves, point, chance));
        return ChartStyle.chart("ROC curves, one class vs rest", label + ", " + ReportPlots.counts(group), plot);
    }

    /** One series per class; a class without a curve (absent, or alone in the group) keeps its legend entry. */
    private static XYLineAndShapeRenderer curves(XYPlot plot, GroupMetrics group) {
        XYSeriesCollection curves = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = ChartStyle.lines();
        for (int k = 0; k < group.classes().size(); k++) {
            ClassMetrics m = group.classes().get(k);
            // Not sorted by x: a ROC curve steps up at constant false-positive rate.
            XYSeries curve = new XYSeries(m.name() + ": AUROC " + ReportPlots.withInterval(m.auroc(), m.aurocCi()),
                    false, true);
            if (!m.roc().isEmpty()) {
                curve.add(0, 0);
                m.roc().forEach(p -> curve.add(p.falsePositiveRate(), p.truePositiveRate()));
            }
            curves.addSeries(curve);
            renderer.setSeriesPaint(k, ChartStyle.colour(k));
            renderer.setSeriesStroke(k, new BasicStroke(2.5f));
        }
        plot.setDataset(1, curves);
        plot.setRenderer(1, renderer);
        return renderer;
    }

    /** The positive class's sensitivity and specificity at the operating threshold, when both are defined. */
    private static XYLineAndShapeRenderer operatingPoint(XYPlot plot, GroupMetrics group,
                                                         EvaluationSettings settings) {
        OperatingPoint op = group.operatingPoint();
        XYSeriesCollection points = new XYSeriesCollection();
        if (op.sensitivity().isPresent() && op.specificity().isPresent()) {
            XYSeries point = new XYSeries("operating point, P(" + settings.positiveClassName() + ") \u2265 "
                    + op.threshold());
            point.add(1 - op.specificity().getAsDouble(), op.sensitivity().getAsDouble());
            points.addSeries(point);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-7, -7, 14, 14));
        renderer.setUseFillPaint(true);
        renderer.setSeriesFillPaint(0, ChartStyle.colour(settings.positiveClass()));
        renderer.setUseOutlinePaint(true);
        renderer.setSeriesOutlinePaint(0, Color.BLACK);
        renderer.setSeriesOutlineStroke(0, new BasicStroke(1.5f));
        plot.setDataset(2, points);
        plot.setRenderer(2, renderer);
        return renderer;
    }
}
