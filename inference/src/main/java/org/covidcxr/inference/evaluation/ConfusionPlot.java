package org.covidcxr.inference.evaluation;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.Locale;

/**
 * Confusion-matrix heat map: true classes top to bottom, predicted classes left to right; each cell shows its count
 * and its share of the true class, and is coloured by that share.
 */
final class ConfusionPlot {

    private ConfusionPlot() {
    }

    static JFreeChart chart(GroupMetrics group, String label) {
        ConfusionMatrix matrix = group.confusionMatrix();
        int n = matrix.classCount();
        double[][] cells = new double[3][n * n];     // x = predicted, y = true, z = share of the true class
        XYPlot plot = new XYPlot();
        for (int t = 0; t < n; t++) {
            long support = matrix.support(t);
            for (int p = 0; p < n; p++) {
                double share = support == 0 ? 0 : (double) matrix.count(t, p) / support;
                cells[0][t * n + p] = p;
                cells[1][t * n + p] = t;
                cells[2][t * n + p] = share;
                Color text = share > 0.5 ? Color.WHITE : Color.BLACK;
                plot.addAnnotation(text(Long.toString(matrix.count(t, p)), p, t, TextAnchor.BOTTOM_CENTER,
                        ChartStyle.font(Font.BOLD, 26), text));
                plot.addAnnotation(text(support == 0 ? "(no images)" : String.format(Locale.ROOT, "%.1f%%",
                        100 * share), p, t, TextAnchor.TOP_CENTER, ChartStyle.font(Font.PLAIN, 15), text));
            }
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("shares", cells);
        plot.setDataset(dataset);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(new ShareScale(ChartStyle.BLUE));
        plot.setRenderer(renderer);

        String[] names = matrix.classNames().toArray(String[]::new);
        plot.setDomainAxis(classAxis("Predicted class", names));
        SymbolAxis truth = classAxis("True class", names);
        truth.setInverted(true);     // first class at the top, as in a table
        plot.setRangeAxis(truth);
        ChartStyle.frame(plot);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        for (int k = 1; k < n; k++) {
            BasicStroke thin = new BasicStroke(1);
            plot.addAnnotation(new XYLineAnnotation(k - 0.5, -0.5, k - 0.5, n - 0.5, thin, Color.GRAY));
            plot.addAnnotation(new XYLineAnnotation(-0.5, k - 0.5, n - 0.5, k - 0.5, thin, Color.GRAY));
        }
        return ChartStyle.chart("Confusion matrix", label + ", " + ReportPlots.counts(group)
                + "; colour = share of the true class", plot);
    }

    private static SymbolAxis classAxis(String label, String[] names) {
        SymbolAxis axis = ChartStyle.styled(new SymbolAxis(label, names));
        axis.setGridBandsVisible(false);
        axis.setRange(-0.5, names.length - 0.5);
        axis.setTickLabelFont(ChartStyle.font(Font.PLAIN, 15));
        return axis;
    }

    /** Text anchored at a cell's centre: the count just above it, the share just below. */
    private static XYTextAnnotation text(String text, int x, int y, TextAnchor anchor, Font font, Color paint) {
        XYTextAnnotation annotation = new XYTextAnnotation(text, x, y);
        annotation.setTextAnchor(anchor);
        annotation.setFont(font);
        annotation.setPaint(paint);
        return annotation;
    }

    /** White at share 0 to {@code full} at share 1, linearly in RGB. */
    private record ShareScale(Color full) implements PaintScale {

        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double share) {
            double t = Math.max(0, Math.min(1, share));
            return new Color(mix(255, full.getRed(), t), mix(255, full.getGreen(), t), mix(255, full.getBlue(), t));
        }

        private static int mix(int from, int to, double t) {
            return (int) Math.round(from + t * (to - from));
        }
    }
}
