package org.covidcxr.inference.evaluation;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemSource;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;

/** The look the report's JFreeChart plots share: fonts, colours, [0, 1] axes, the y = x line, legends, PNG output. */
final class ChartStyle {

    /** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
    static final List<Color> PALETTE = List.of(new Color(0xD55E00), new Color(0x0072B2), new Color(0x009E73),
            new Color(0xE69F00), new Color(0xCC79A7), new Color(0x56B4E9));
    static final Color VERMILLION = PALETTE.get(0);
    static final Color BLUE = PALETTE.get(1);
    static final Color GRID = new Color(0xE3E3E3);
    static final Stroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
            new float[]{6, 5}, 0);
    /** Legend lines 30 px long, so that a dashed line reads as dashed. */
    static final Line2D LEGEND_LINE = new Line2D.Double(-15, 0, 15, 0);

    private ChartStyle() {
    }

    static Font font(int style, int size) {
        return new Font(Font.SANS_SERIF, style, size);
    }

    static Color colour(int index) {
        return PALETTE.get(index % PALETTE.size());
    }

    /** A white chart with a bold title and a plain subtitle; each plot places its own legend. */
    static JFreeChart chart(String title, String subtitle, Plot plot) {
        JFreeChart chart = new JFreeChart(title, font(Font.BOLD, 18), plot, false);
        TextTitle sub = new TextTitle(subtitle, font(Font.PLAIN, 14));
        sub.setPadding(new RectangleInsets(4, 1, 12, 1));     // air between the titles and the plot
        chart.addSubtitle(sub);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(12, 12, 12, 24));
        return chart;
    }

    /** Axis fonts shared by every plot. */
    static <A extends ValueAxis> A styled(A axis) {
        axis.setLabelFont(font(Font.PLAIN, 15));
        axis.setTickLabelFont(font(Font.PLAIN, 13));
        axis.setTickLabelPaint(Color.BLACK);
        axis.setLabelPaint(Color.BLACK);
        axis.setLabelInsets(new RectangleInsets(10, 10, 6, 10));
        return axis;
    }

    /** An axis fixed to [0, 1], ticks every 0.2: probabilities and rates, never auto-ranged to the data. */
    static NumberAxis unitAxis(String label) {
        NumberAxis axis = styled(new NumberAxis(label));
        axis.setRange(0, 1);
        DecimalFormat oneDecimal = new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        axis.setTickUnit(new NumberTickUnit(0.2, oneDecimal));
        return axis;
    }

    /** A plot over [0, 1]² with a light solid grid and a black frame; datasets are drawn in index order. */
    static XYPlot unitPlot(String xLabel, String yLabel) {
        XYPlot plot = new XYPlot();
        plot.setDomainAxis(unitAxis(xLabel));
        plot.setRangeAxis(unitAxis(yLabel));
        frame(plot);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1));
        plot.setRangeGridlineStroke(new BasicStroke(1));
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        return plot;
    }

    /** White background, black frame, axes flush with the frame. */
    static void frame(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.BLACK);
        plot.setOutlineStroke(new BasicStroke(1.2f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    }

    /**
     * The y = x line, dashed grey, as dataset {@code index}: chance for ROC, perfect calibration for reliability. A
     * series rather than an annotation, so that it has a legend entry.
     */
    static XYLineAndShapeRenderer addDiagonal(XYPlot plot, int index, String legendText) {
        XYSeries line = new XYSeries(legendText);
        line.add(0, 0);
        line.add(1, 1);
        XYLineAndShapeRenderer renderer = lines();
        renderer.setSeriesPaint(0, Color.GRAY);
        renderer.setSeriesStroke(0, DASHED);
        plot.setDataset(index, new XYSeriesCollection(line));
        plot.setRenderer(index, renderer);
        return renderer;
    }

    /** A renderer for lines without point markers, with long legend lines. */
    static XYLineAndShapeRenderer lines() {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setLegendLine(LEGEND_LINE);
        return renderer;
    }

    /** A legend listing the sources' entries in the order given: a column at the left or right edge, else a row. */
    static LegendTitle legend(RectangleEdge position, LegendItemSource... sources) {
        LegendTitle legend = new LegendTitle(sources[0]);
        legend.setSources(sources);
        legend.setPosition(position);
        legend.setItemFont(font(Font.PLAIN, 14));
        legend.setItemLabelPadding(new RectangleInsets(3, 6, 3, 12));
        legend.setBackgroundPaint(Color.WHITE);
        return legend;
    }

    /** Draws {@code legend}, boxed, inside the plot's bottom-right corner. */
    static void insideBottomRight(XYPlot plot, LegendTitle legend) {
        legend.setFrame(new BlockBorder(Color.DARK_GRAY));
        legend.setPadding(new RectangleInsets(4, 6, 4, 2));
        plot.addAnnotation(new XYTitleAnnotation(0.985, 0.015, legend, RectangleAnchor.BOTTOM_RIGHT));
    }

    static Path writePng(JFreeChart chart, int width, int height, Path file) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, width, height);
        return file;
    }
}
