package org.covidcxr.inference.evaluation;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import java.awt.geom.Rectangle2D;

/**
 * Reliability diagram: per confidence bin, the accuracy as a bar, the mean confidence as a line across it and the
 * number of images in the bin; the diagonal is perfect calibration.
 */
final class ReliabilityPlot {

    /** Share of a bin's width left empty between neighbouring bars. */
    private static final double BAR_GAP = 0.1;
    /** Room, in accuracy units, a count needs above its bar; with less, the count goes inside the bar's top. */
    private static final double LABEL_ROOM = 0.04;
    private static final Stroke CONFIDENCE_STROKE = new BasicStroke(3);

    private ReliabilityPlot() {
    }

    static JFreeChart chart(GroupMetrics group, EvaluationSettings settings, String label) {
        Calibration calibration = group.calibration();
        XYPlot plot = ChartStyle.unitPlot("Confidence (highest class probability)", "Accuracy");
        XYIntervalSeries accuracy = new XYIntervalSeries("accuracy in bin (number: images in bin)");
        for (ReliabilityBin b : calibration.bins()) {
            if (b.count() > 0) {
                accuracy.add((b.lower() + b.upper()) / 2, b.lower(), b.upper(), b.accuracy().orElseThrow(), 0,
                        b.accuracy().orElseThrow());
                annotate(plot, b);
            }
        }
        XYBarRenderer bars = new XYBarRenderer(BAR_GAP);
        bars.setBarPainter(new StandardXYBarPainter());     // flat, no gradient
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, ChartStyle.BLUE);
        bars.setLegendBar(new Rectangle2D.Double(-11, -7, 22, 14));
        XYIntervalSeriesCollection bins = new XYIntervalSeriesCollection();
        bins.addSeries(accuracy);
        plot.setDataset(0, bins);
        plot.setRenderer(0, bars);
        // The diagonal over the bars, as the eye compares bar tops with it.
        XYLineAndShapeRenderer diagonal = ChartStyle.addDiagonal(plot, 1, "perfect calibration");

        // The confidence lines are annotations, so their legend entry is made here.
        LegendItemCollection confidence = new LegendItemCollection();
        confidence.add(new LegendItem("mean confidence in bin", null, null, null, ChartStyle.LEGEND_LINE,
                CONFIDENCE_STROKE, ChartStyle.VERMILLION));
        // Below the plot: inside, it would hide bars and counts wherever a bin has high accuracy.
        LegendTitle legend = ChartStyle.legend(RectangleEdge.BOTTOM, bars, () -> confidence, diagonal);
        JFreeChart chart = ChartStyle.chart("Reliability diagram", label + ", " + ReportPlots.counts(group)
                + ", ECE = " + ReportPlots.format(calibration.expectedCalibrationError()) + " ("
                + settings.calibrationBins() + " bins)", plot);
        chart.addSubtitle(legend);
        return chart;
    }

    /** The bin's mean-confidence line across its bar, and its image count above the bar (or inside its top). */
    private static void annotate(XYPlot plot, ReliabilityBin b) {
        double accuracy = b.accuracy().orElseThrow();
        double confidence = b.meanConfidence().orElseThrow();
        double inset = (b.upper() - b.lower()) * BAR_GAP / 2;
        plot.addAnnotation(new XYLineAnnotation(b.lower() + inset, confidence, b.upper() - inset, confidence,
                CONFIDENCE_STROKE, ChartStyle.VERMILLION));
        double top = Math.max(accuracy, confidence);
        boolean inside = top + LABEL_ROOM > 1;
        XYTextAnnotation count = new XYTextAnnotation(Long.toString(b.count()), (b.lower() + b.upper()) / 2,
                inside ? accuracy - 0.01 : top + 0.008);
        count.setTextAnchor(inside ? TextAnchor.TOP_CENTER : TextAnchor.BOTTOM_CENTER);
        count.setFont(ChartStyle.font(Font.PLAIN, 12));
        count.setPaint(inside ? Color.WHITE : Color.BLACK);
        plot.addAnnotation(count);
    }
}
