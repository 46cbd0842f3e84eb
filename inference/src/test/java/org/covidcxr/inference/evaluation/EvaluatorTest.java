package org.covidcxr.inference.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EvaluatorTest {

    static final List<String> CLASSES = List.of("covid", "normal", "pneumonia");
    private static final EvaluationSettings SETTINGS = EvaluationSettings.of(CLASSES, "covid", 0.5f)
            .withBootstrap(500, 1);

    /** Computed once: several tests look at different parts of the same REPORT. */
    private static final EvaluationReport REPORT = Evaluator.evaluate("synthetic", study(3), SETTINGS);

    /**
     * A synthetic study shaped like the real data: source "ieee8023" has all three classes, source "nih" has no
     * covid. Scores are noisy but informative; some patients have two images.
     */
    static List<LabelledPrediction> study(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LabelledPrediction> predictions = new ArrayList<>();
        int[][] perSource = {{30, 20, 25}, {0, 40, 35}};
        String[] sources = {"ieee8023", "nih"};
        int id = 0;
        for (int s = 0; s < sources.length; s++) {
            for (int label = 0; label < 3; label++) {
                for (int k = 0; k < perSource[s][label]; k++) {
                    float[] logits = new float[3];
                    for (int c = 0; c < 3; c++) {
                        logits[c] = (float) (random.nextDouble() * 2 + (c == label ? 1.6 : 0));
                    }
                    String patient = sources[s] + "-" + (id / 2);   // consecutive images share a patient
                    predictions.add(new LabelledPrediction("img" + id++, patient, sources[s], label,
                            TemperatureScaling.none().apply(logits)));
                }
            }
        }
        return predictions;
    }

    @Test
    void overallMetricsAgreeWithTheBuildingBlocks() {
        List<LabelledPrediction> predictions = study(3);
        GroupMetrics all = Evaluator.evaluate("synthetic", predictions, SETTINGS).overall();
        ConfusionMatrix m = ConfusionMatrix.of(CLASSES, predictions);
        assertThat(all.images()).isEqualTo(150);
        assertThat(all.accuracy()).isEqualTo(m.accuracy().getAsDouble());
        assertThat(all.macroF1()).isEqualTo(m.macroF1().getAsDouble());

        double[] covidScores = predictions.stream().mapToDouble(p -> p.probability(0)).toArray();
        boolean[] isCovid = new boolean[predictions.size()];
        for (int i = 0; i < isCovid.length; i++) {
            isCovid[i] = predictions.get(i).trueClass() == 0;
        }
        ClassMetrics covid = all.classMetrics("covid");
        assertThat(covid.auroc()).isEqualTo(Roc.auroc(covidScores, isCovid));
        assertThat(covid.aurocCi().orElseThrow().lower()).isLessThan(covid.auroc().getAsDouble());
        assertThat(covid.aurocCi().orElseThrow().upper()).isGreaterThan(covid.auroc().getAsDouble());

        float[][] probabilities = predictions.stream().map(LabelledPrediction::probabilities).toArray(float[][]::new);
        int[] labels = predictions.stream().mapToInt(LabelledPrediction::trueClass).toArray();
        assertThat(Evaluator.macroAuroc(probabilities, labels)).isEqualTo(all.macroAuroc());
        double mean = all.classes().stream().mapToDouble(c -> c.auroc().getAsDouble()).average().orElseThrow();
        assertThat(all.macroAuroc().getAsDouble()).isCloseTo(mean, within(1e-12));
    }

    @Test
    void aSourceWithoutCovidReportsCovidMetricsAsUndefinedInsteadOfFailing() {
        assertThat(REPORT.bySource()).containsOnlyKeys("ieee8023", "nih");
        GroupMetrics nih = REPORT.bySource().get("nih");
        ClassMetrics covid = nih.classMetrics("covid");
        assertThat(covid.support()).isZero();
        assertThat(covid.auroc()).isEmpty();
        assertThat(covid.aurocCi()).isEmpty();
        assertThat(covid.roc()).isEmpty();
        assertThat(covid.recall()).isEmpty();
        assertThat(nih.operatingPoint().sensitivity()).isEmpty();
        assertThat(nih.operatingPoint().specificity()).isPresent();
        // Macro values over the two classes nih does have.
        double normal = nih.classMetrics("normal").auroc().getAsDouble();
        double pneumonia = nih.classMetrics("pneumonia").auroc().getAsDouble();
        assertThat(nih.macroAuroc().getAsDouble()).isCloseTo((normal + pneumonia) / 2, within(1e-12));
        assertThat(nih.macroAurocCi()).isPresent();

        GroupMetrics ieee = REPORT.bySource().get("ieee8023");
        assertThat(ieee.classMetrics("covid").aurocCi()).isPresent();
        assertThat(ieee.images() + nih.images()).isEqualTo(REPORT.overall().images());
    }

    @Test
    void aGroupWithASingleClassHasNoAurocAtAll() {
        List<LabelledPrediction> onlyNormal = study(3).stream().filter(p -> p.trueClass() == 1).toList();
        GroupMetrics g = Evaluator.evaluate("one class", onlyNormal, SETTINGS).overall();
        assertThat(g.macroAuroc()).isEmpty();
        assertThat(g.macroAurocCi()).isEmpty();
        assertThat(g.classes()).allSatisfy(c -> assertThat(c.auroc()).isEmpty());
        assertThat(g.macroRecall()).isEqualTo(g.classMetrics("normal").recall().getAsDouble());
    }

    @Test
    void theSameSeedGivesTheSameReport() {
        List<LabelledPrediction> predictions = study(4);
        List<LabelledPrediction> shuffled = new ArrayList<>(predictions);
        java.util.Collections.reverse(shuffled);
        assertThat(Evaluator.evaluate("t", shuffled, SETTINGS).toJson())
                .isEqualTo(Evaluator.evaluate("t", predictions, SETTINGS).toJson());
    }

    @Test
    void jsonUsesNullForUndefinedValuesAndRoundsNumbers() throws IOException {
        String json = REPORT.toJson();
        assertThat(json).doesNotContain("NaN").doesNotContain("Infinity").doesNotContain("nih-");
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode nihCovid = root.at("/bySource/nih/classes/0");
        assertThat(nihCovid.get("name").asText()).isEqualTo("covid");
        assertThat(nihCovid.get("auroc").isNull()).isTrue();
        assertThat(nihCovid.get("aurocCi").isNull()).isTrue();
        assertThat(root.at("/bySource/nih/operatingPoint/sensitivity").isNull()).isTrue();
        assertThat(root.at("/overall/operatingPoint/threshold").floatValue()).isEqualTo(0.5f);
        assertThat(root.at("/settings/classNames").toString()).isEqualTo("[\"covid\",\"normal\",\"pneumonia\"]");
        double accuracy = root.at("/overall/accuracy").asDouble();
        assertThat(accuracy).isCloseTo(REPORT.overall().accuracy(), within(5e-5));
        assertThat(root.at("/overall/accuracy").asText()).matches("0\\.\\d{1,4}");
        assertThat(root.at("/overall/classes/0/aurocCi/lower").isNumber()).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void modelCardMetricsKeepTheNumbersAndDropTheCurves() {
        Map<String, Object> metrics = REPORT.modelCardMetrics();
        assertThat(metrics).containsKeys("title", "settings", "overall", "bySource");
        Map<String, Object> overall = (Map<String, Object>) metrics.get("overall");
        Map<String, Object> covid = ((List<Map<String, Object>>) overall.get("classes")).get(0);
        assertThat(covid).containsKeys("auroc", "aurocCi").doesNotContainKey("roc");
        assertThat(((Number) covid.get("auroc")).doubleValue())
                .isCloseTo(REPORT.overall().classMetrics("covid").auroc().getAsDouble(), within(5e-5));
        assertThat((Map<String, Object>) overall.get("calibration")).containsKey("expectedCalibrationError")
                .doesNotContainKey("bins");
        Map<String, Object> nih = (Map<String, Object>) ((Map<String, Object>) metrics.get("bySource")).get("nih");
        assertThat(((List<Map<String, Object>>) nih.get("classes")).get(0).get("auroc")).isNull();
    }

    @Test
    void writesJsonMarkdownAndReadablePlots(@TempDir Path folder) throws IOException {
        List<Path> written = REPORT.writeTo(folder);
        assertThat(written).allSatisfy(p -> assertThat(p).isRegularFile());
        // 3 groups (all, ieee8023, nih) × 3 plots, plus JSON and Markdown
        assertThat(written).hasSize(11);
        String markdown = Files.readString(folder.resolve(EvaluationReport.MARKDOWN_FILE));
        assertThat(markdown).contains("## Summary", "## Source: nih", "![roc \u2014 all](roc-all.png)",
                "confusion-source-ieee8023.png");
        for (Path p : written) {
            if (p.toString().endsWith(".png")) {
                BufferedImage image = ImageIO.read(p.toFile());
                assertThat(image.getWidth()).isGreaterThanOrEqualTo(700);
                assertThat(markdown).contains("(" + p.getFileName() + ")");
            }
        }
    }

    @Test
    void refusesPredictionsThatDoNotMatchTheClasses() {
        List<LabelledPrediction> twoClass = List.of(new LabelledPrediction("a", "p", "s", 0, new float[]{0.6f, 0.4f}));
        assertThatThrownBy(() -> Evaluator.evaluate("x", twoClass, SETTINGS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expects 3");
        assertThatThrownBy(() -> Evaluator.evaluate("x", List.of(), SETTINGS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no predictions");
    }
}
