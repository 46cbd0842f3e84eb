package org.covidcxr.inference.evaluation;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.LegendItemSource;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.data.Range;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYZDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The report's JFreeChart plots: rendered without a display, and showing what the report says they show. */
class ReportPlotsTest {

    private static final EvaluationSettings SETTINGS = EvaluationSettings.of(EvaluatorTest.CLASSES, "covid", 0.5f)
            .withBootstrap(200, 1);
    private static final EvaluationReport REPORT = Evaluator.evaluate("synthetic", EvaluatorTest.study(3), SETTINGS);

    @Test
    void writesEveryPlotAsANonBlankPngWithoutADisplay(@TempDir Path folder) throws IOException {
        // Surefire's argLine sets java.awt.headless=true: evaluations run on servers and in CI, with no display.
        assertThat(GraphicsEnvironment.isHeadless()).isTrue();

        List<Path> written = ReportPlots.writeAll(REPORT, folder);

        assertThat(written).extracting(p -> p.getFileName().toString()).containsExactly(
                "roc-all.png", "reliability-all.png", "confusion-all.png",
                "roc-source-ieee8023.png", "reliability-source-ieee8023.png", "confusion-source-ieee8023.png",
                "roc-source-nih.png", "reliability-source-nih.png", "confusion-source-nih.png");
        BufferedImage roc = ImageIO.read(folder.resolve("roc-all.png").toFile());
        BufferedImage reliability = ImageIO.read(folder.resolve("reliability-all.png").toFile());
        BufferedImage confusion = ImageIO.read(folder.resolve("confusion-all.png").toFile());
        assertThat(List.of(roc.getWidth(), roc.getHeight())).containsExactly(760, 760);
        assertThat(List.of(reliability.getWidth(), reliability.getHeight())).containsExactly(760, 800);
        assertThat(List.of(confusion.getWidth(), confusion.getHeight())).containsExactly(760, 720);
        // Drawn, not blank: each class's curve colour, the bars, the fully-blue cell of a class predicted perfectly.
        for (int k = 0; k < 3; k++) {
            assertThat(pixels(roc, ChartStyle.colour(k))).as("class %d's curve", k).isGreaterThan(100);
        }
        assertThat(pixels(reliability, ChartStyle.BLUE)).isGreaterThan(50_000);
        assertThat(pixels(reliability, ChartStyle.VERMILLION)).isGreaterThan(300);
        assertThat(pixels(confusion, ChartStyle.BLUE)).isGreaterThan(20_000);
    }

    @Test
    void rocHasOneCurvePerClassWithItsAurocTheOperatingPointAndChance() {
        GroupMetrics all = REPORT.overall();
        XYPlot plot = RocPlot.chart(all, SETTINGS, "all images").getXYPlot();

        assertUnitAxes(plot);
        List<String> legend = legendLabels(plot);
        assertThat(legend).hasSize(5);
        assertThat(legend.get(0)).startsWith("covid: AUROC " + ReportPlots.format(
                all.classMetrics("covid").auroc().getAsDouble()) + " (95% CI ");
        assertThat(legend.subList(1, 5)).satisfiesExactly(
                l -> assertThat(l).startsWith("normal: AUROC "),
                l -> assertThat(l).startsWith("pneumonia: AUROC "),
                l -> assertThat(l).isEqualTo("operating point, P(covid) \u2265 0.5"),
                l -> assertThat(l).isEqualTo("chance"));
        XYDataset curves = plot.getDataset(1);
        assertThat(curves.getItemCount(0)).isEqualTo(all.classMetrics("covid").roc().size() + 1);
        assertThat(curves.getXValue(0, 0)).isZero();
        OperatingPoint op = all.operatingPoint();
        assertThat(plot.getDataset(2).getXValue(0, 0)).isCloseTo(1 - op.specificity().getAsDouble(), within(1e-12));
        assertThat(plot.getDataset(2).getYValue(0, 0)).isCloseTo(op.sensitivity().getAsDouble(), within(1e-12));
        assertDiagonal(plot.getDataset(0));
    }

    @Test
    void rocOfASourceWithoutCovidKeepsItsLegendEntryButDrawsNoCurveNorOperatingPoint() {
        XYPlot plot = RocPlot.chart(REPORT.bySource().get("nih"), SETTINGS, "source nih").getXYPlot();

        assertThat(legendLabels(plot)).startsWith("covid: AUROC undefined (class absent or alone in this group)")
                .hasSize(4).doesNotContain("operating point, P(covid) \u2265 0.5");
        assertThat(plot.getDataset(1).getItemCount(0)).isZero();
        assertThat(plot.getDataset(2).getSeriesCount()).isZero();
    }

    @Test
    void reliabilityHasABarAndACountPerFilledBinAndTheDiagonal() {
        GroupMetrics all = REPORT.overall();
        JFreeChart chart = ReliabilityPlot.chart(all, SETTINGS, "all images");
        XYPlot plot = chart.getXYPlot();

        assertUnitAxes(plot);
        assertThat(chart.getSubtitles()).anySatisfy(t -> assertThat(t).isInstanceOf(LegendTitle.class));
        assertThat(legendLabels(chart)).containsExactly("accuracy in bin (number: images in bin)",
                "mean confidence in bin", "perfect calibration");
        List<ReliabilityBin> filled = all.calibration().bins().stream().filter(b -> b.count() > 0).toList();
        XYDataset bars = plot.getDataset(0);
        assertThat(bars.getItemCount(0)).isEqualTo(filled.size());
        for (int i = 0; i < filled.size(); i++) {
            assertThat(bars.getYValue(0, i)).isEqualTo(filled.get(i).accuracy().getAsDouble());
        }
        long counted = texts(plot).mapToLong(Long::parseLong).sum();
        assertThat(counted).isEqualTo(all.images());
        assertDiagonal(plot.getDataset(1));
    }

    @Test
    void confusionColoursEachCellByItsShareOfTheTrueClassAndLabelsItsCount() {
        GroupMetrics nih = REPORT.bySource().get("nih");
        ConfusionMatrix matrix = nih.confusionMatrix();
        XYPlot plot = ConfusionPlot.chart(nih, "source nih").getXYPlot();

        XYZDataset cells = (XYZDataset) plot.getDataset();
        assertThat(cells.getItemCount(0)).isEqualTo(9);
        for (int i = 0; i < 9; i++) {
            int predicted = (int) cells.getXValue(0, i);
            int truth = (int) cells.getYValue(0, i);
            long support = matrix.support(truth);
            double share = support == 0 ? 0 : (double) matrix.count(truth, predicted) / support;
            assertThat(cells.getZValue(0, i)).isCloseTo(share, within(1e-12));
        }
        assertThat(texts(plot).toList()).contains(Long.toString(matrix.count(1, 1)), "(no images)");
        assertThat(((SymbolAxis) plot.getDomainAxis()).getSymbols()).containsExactly("covid", "normal", "pneumonia");
        assertThat(plot.getRangeAxis().isInverted()).as("first true class at the top").isTrue();
        assertThat(plot.getDomainAxis().getLabel()).isEqualTo("Predicted class");
        assertThat(plot.getRangeAxis().getLabel()).isEqualTo("True class");
    }

    private static void assertUnitAxes(XYPlot plot) {
        for (ValueAxis axis : List.of(plot.getDomainAxis(), plot.getRangeAxis())) {
            assertThat(axis.getRange()).isEqualTo(new Range(0, 1));
        }
    }

    private static void assertDiagonal(XYDataset line) {
        assertThat(List.of(line.getXValue(0, 0), line.getYValue(0, 0), line.getXValue(0, 1), line.getYValue(0, 1)))
                .containsExactly(0.0, 0.0, 1.0, 1.0);
    }

    /** Labels of the legend drawn inside the plot. */
    private static List<String> legendLabels(XYPlot plot) {
        LegendTitle legend = plot.getAnnotations().stream().filter(a -> a instanceof XYTitleAnnotation)
                .map(a -> (LegendTitle) ((XYTitleAnnotation) a).getTitle()).findFirst().orElseThrow();
        return labels(legend);
    }

    /** Labels of the legend drawn beside the plot. */
    private static List<String> legendLabels(JFreeChart chart) {
        return labels((LegendTitle) chart.getSubtitles().stream().filter(t -> t instanceof LegendTitle)
                .findFirst().orElseThrow());
    }

    private static List<String> labels(LegendTitle legend) {
        List<String> labels = new ArrayList<>();
        for (LegendItemSource source : legend.getSources()) {
            LegendItemCollection items = source.getLegendItems();
            for (int i = 0; i < items.getItemCount(); i++) {
                labels.add(items.get(i).getLabel());
            }
        }
        return labels;
    }

    private static Stream<String> texts(XYPlot plot) {
        return plot.getAnnotations().stream().filter(a -> a instanceof XYTextAnnotation)
                .map(a -> ((XYTextAnnotation) a).getText()).filter(t -> !t.endsWith("%"));
    }

    private static long pixels(BufferedImage image, Color colour) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF) ? 1 : 0;
            }
        }
        return n;
    }
}
