package org.covidcxr.app.ui.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.covidcxr.app.TestModels;
import org.covidcxr.files.FileTrees;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelCard;
import org.covidcxr.modelstore.ModelCards;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The model card's sections on the bundles the product ships ({@code model-store/models/}) and on bundles that lack
 * pieces: figures as tables with the card's own numbers, plots decoded from the bundle, provenance with its
 * checksums, and a plain statement for whatever is missing.
 */
class ModelCardSectionsTest {
    private static final Path SHIPPED = Path.of("..", "model-store", "models");

    @TempDir
    Path tmp;

    private static ModelCardContent shipped(String version) {
        Path bundle = SHIPPED.resolve(version);
        return ModelCardSections.read(ModelCards.read(bundle.resolve(ModelBundle.CARD_FILE)), bundle);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "1.1.0", "1.1.1"})
    void everyShippedCardShowsItsUseLimitationsFiguresPerSourcePlotsAndChecksums(String version) throws IOException {
        ModelCard card = ModelCards.read(SHIPPED.resolve(version).resolve(ModelBundle.CARD_FILE));
        ModelCardContent content = shipped(version);

        assertThat(content.heading()).isEqualTo("Model " + version + " — resnet-w16, input 160 × 160 × 1");
        assertThat(content.intendedUse()).isEqualTo("Decision support for adult frontal chest X-rays; not a "
                + "standalone diagnosis").isEqualToIgnoringCase(card.intendedUse());
        assertThat(content.limitations()).isEqualTo(card.limitations()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(content.warnings()).isEmpty();
        assertThat(content.figures()).extracting(CardTable::title).startsWith("Test split — held out",
                "Validation split — used for tuning");
        for (CardTable evaluation : content.figures().subList(0, 2)) {
            assertThat(evaluation.columns()).containsExactly("Group", "Images", "Patients", "COVID-19 images",
                    "COVID-19 AUROC (95 % CI)", "Sensitivity", "Specificity", "ECE");
            assertThat(evaluation.rows()).extracting(r -> r.get(0))
                    .containsExactly("All images", "Source ieee8023", "Source nih");
            // NIH holds no COVID-19 image: AUROC and sensitivity are undefined there, not zero.
            assertThat(evaluation.rows().get(2)).element(3).isEqualTo("0");
            assertThat(evaluation.rows().get(2).subList(4, 6)).containsOnly(CardFigures.UNDEFINED);
        }
        assertThat(content.figureNotes().get(0)).contains(String.format(java.util.Locale.ROOT,
                "P(COVID-19) ≥ %.3f", card.operatingThreshold()));

        assertThat(content.plots()).extracting(PlotGroup::title).containsExactly("Test split · all images",
                "Test split · source ieee8023", "Test split · source nih");
        assertThat(content.plots()).allSatisfy(g -> assertThat(g.plots()).extracting(CardPlot::caption)
                .containsExactly("ROC", "Reliability", "Confusion matrix"));
        assertThat(content.plots().get(0).plots()).extracting(CardPlot::file).containsExactly(
                "evaluation-test/roc-all.png", "evaluation-test/reliability-all.png",
                "evaluation-test/confusion-all.png");
        CardPlot roc = content.plots().get(0).plots().get(0);
        assertThat(roc.image().width()).isEqualTo(760);
        assertThat(java.util.Arrays.stream(roc.image().pixels()).distinct().count()).as("a drawn plot, not blank")
                .isGreaterThan(10);
        assertThat(content.plotNotes()).isEmpty();

        CardTable facts = content.provenance().get(0);
        assertThat(facts.columns()).isEmpty();
        assertThat(facts.rows()).extracting(r -> r.get(0)).startsWith("Version", "Derived from", "Created")
                .contains("Training data", "Card file");
        List<String> manifest = Files.readAllLines(SHIPPED.resolve(version).resolve(ModelBundle.MANIFEST_FILE),
                StandardCharsets.UTF_8);
        CardTable checksums = content.provenance().get(content.provenance().size() - 1);
        assertThat(checksums.title()).isEqualTo("Checksums (SHA-256)");
        assertThat(checksums.rows()).hasSize(manifest.size())
                .contains(List.of("evaluation-test/roc-all.png", manifest.stream()
                        .filter(l -> l.endsWith("evaluation-test/roc-all.png")).findFirst().orElseThrow()
                        .split("\\s+")[0]));
        assertThat(content.provenanceNotes()).singleElement().asString().startsWith("Notes: ");
    }

    @Test
    void theTestSplitTableCarriesTheCardsOwnNumbersOverallAndPerSource() {
        CardTable test = shipped("1.1.1").figures().get(0);

        assertThat(test.caption()).contains("never used for training or tuning").doesNotContain("No per-source");
        assertThat(test.rows()).containsExactly(
                List.of("All images", "226", "145", "58", "0.951 (0.907–0.988)", "0.983", "0.839", "0.091"),
                List.of("Source ieee8023", "73", "43", "58", "0.606 (0.420–0.910)", "0.983", "0.133", "0.167"),
                List.of("Source nih", "153", "102", "0", "—", "—", "0.909", "0.068"));
    }

    @Test
    void theSelectiveVerdictAndShortcutAuditAreTablesWhereTheCardHasThem() {
        ModelCardContent withVerdict = shipped("1.1.1");
        CardTable verdict = table(withVerdict, "Selective verdict — when the model calls COVID-19");
        assertThat(verdict.caption()).startsWith("COVID-19 called from P(COVID-19) 0.816");
        assertThat(verdict.rows()).containsExactly(
                List.of("Validation (chose the call threshold)", "0.816", "71", "67", "48", "71.6 %", "97.9 %"),
                List.of("Test", "0.816", "73", "70", "44", "62.9 %", "84.1 %"));
        CardTable audit = table(withVerdict, "Shortcut audit (test split) — disease or source?");
        assertThat(audit.rows()).contains(List.of("Within ieee8023, full image", "0.606"),
                List.of("All sources, border only (15 % frame)", "0.903"));
        assertThat(audit.caption()).contains("normal 1.000, pneumonia 0.895", "39.9 %");
        assertThat(withVerdict.provenance().get(0).rows()).contains(
                List.of("Derived from", "1.1.0"),
                List.of("Call threshold", "0.816 (P(COVID-19) from which the model calls COVID-19)"),
                List.of("Lung segmenter (pixel gate)", "Dice 0.920 on validation, 0.932 on test"));

        ModelCardContent without = shipped("1.0.0");
        assertThat(without.figures()).extracting(CardTable::title).containsExactly("Test split — held out",
                "Validation split — used for tuning");
        assertThat(without.figureNotes()).anyMatch(n -> n.startsWith("No selective verdict recorded"));
        assertThat(without.provenance().get(0).rows()).contains(List.of("Derived from",
                "— (not derived from another version)"));
    }

    @Test
    void aBundleWithoutFiguresPlotsLimitationsOrTrainingDataSaysSoPlainly() throws IOException {
        Path bundle = TestModels.fakeBundle(tmp, "0.5.0");

        ModelCardContent content = ModelCardSections.read(ModelCards.read(bundle.resolve(ModelBundle.CARD_FILE)),
                bundle);

        assertThat(content.intendedUse()).isEqualToIgnoringCase(ModelCard.DEFAULT_INTENDED_USE);
        assertThat(content.limitations()).isEmpty();
        assertThat(content.figures()).isEmpty();
        assertThat(content.figureNotes()).anyMatch(n -> n.startsWith("This model card records no evaluation figures"))
                .anyMatch(n -> n.startsWith("No selective verdict recorded"));
        assertThat(content.plots()).isEmpty();
        assertThat(content.plotNotes()).containsExactly("This bundle holds no evaluation plots (ROC, reliability, "
                + "confusion matrix).");
        assertThat(content.provenanceNotes()).contains("The card does not describe the model's training data.");
        assertThat(content.provenance()).extracting(CardTable::title).containsExactly(
                "Version, lineage and training",
                "Checksums (SHA-256)");
    }

    @Test
    void anOlderCardWithoutPerSourceFiguresAndABundleWithABrokenPlotAndNoManifestStillShow() throws IOException {
        Path bundle = tmp.resolve("1.0.0");
        FileTrees.copy(SHIPPED.resolve("1.0.0"), bundle);
        ModelCard card = ModelCards.read(bundle.resolve(ModelBundle.CARD_FILE));
        Map<String, Object> overallOnly = new LinkedHashMap<>();
        overallOnly.put("test", Map.of("overall", ((Map<?, ?>) card.metrics().get("test")).get("overall")));
        Files.writeString(bundle.resolve("evaluation-test/roc-all.png"), "not a PNG");
        Files.delete(bundle.resolve(ModelBundle.MANIFEST_FILE));

        ModelCardContent content = ModelCardSections.read(withMetrics(card, overallOnly), bundle);

        assertThat(content.figures()).singleElement().satisfies(t -> {
            assertThat(t.caption()).endsWith("No per-source figures recorded.");
            assertThat(t.rows()).extracting(r -> r.get(0)).containsExactly("All images");
        });
        assertThat(content.plots().get(0).plots()).extracting(CardPlot::caption)
                .containsExactly("Reliability", "Confusion matrix");
        assertThat(content.plotNotes()).singleElement().asString()
                .startsWith("evaluation-test/roc-all.png could not be shown: ");
        assertThat(content.provenanceNotes()).contains("This bundle has no checksum manifest (checksums.sha256).");
    }

    @Test
    void aSiteTrainedModelThatFailedItsCriteriaSaysSoFirstAndShowsBothModelsOnTheSiteTest() {
        ModelCard card = ModelCards.read(SHIPPED.resolve("1.1.1").resolve(ModelBundle.CARD_FILE));
        Object test = card.metrics().get("test");
        Map<String, Object> metrics = new LinkedHashMap<>(card.metrics());
        metrics.put("siteTest", Map.of("candidate", test, "active", Map.of("version", "1.1.0", "metrics", test)));
        metrics.put(ModelCard.ACCEPTANCE_METRIC, Map.of("passed", false, "override", true, "criteria", List.of(
                Map.of("name", "COVID-19 AUROC", "requirement", "not lower than the active model's by more than 0.010",
                        "active", 0.96, "candidate", 0.9513, "passed", true),
                Map.of("name", "COVID-19 sensitivity at threshold", "requirement", "at least the active model's",
                        "active", 1.0, "candidate", 0.9828, "passed", false, "reason", "Failed: the reason."))));

        ModelCardContent content = ModelCardSections.read(withMetrics(card, metrics), SHIPPED.resolve("1.1.1"));

        assertThat(content.warnings()).singleElement().asString().contains("failed its acceptance criteria");
        CardTable site = content.figures().get(0);
        assertThat(site.title()).isEqualTo("Site test split — this site's held-out images");
        assertThat(site.rows()).extracting(r -> r.get(0)).containsExactly("All images", "Source ieee8023",
                "Source nih", "Model 1.1.0 (active then), all images", "Model 1.1.0 (active then), source ieee8023",
                "Model 1.1.0 (active then), source nih");
        assertThat(table(content, "Acceptance criteria on the site test split — NOT passed (published by override)")
                .rows()).containsExactly(
                List.of("COVID-19 AUROC", "not lower than the active model's by more than 0.010", "0.960", "0.951",
                        "PASS", CardFigures.UNDEFINED),
                List.of("COVID-19 sensitivity at threshold", "at least the active model's", "1.000", "0.983",
                        "FAIL", "Failed: the reason."));
    }

    private static CardTable table(ModelCardContent content, String title) {
        return content.figures().stream().filter(t -> t.title().equals(title)).findFirst().orElseThrow(
                () -> new AssertionError("no table '" + title + "' among " + content.figures().stream()
                        .map(CardTable::title).toList()));
    }

    private static ModelCard withMetrics(ModelCard c, Map<String, Object> metrics) {
        return new ModelCard(c.version(), c.architecture(), c.classes(), c.input(), c.preprocessing(),
                c.operatingThreshold(), c.temperature(), c.trainingData(), metrics, c.intendedUse(), c.limitations(),
                c.parentVersion(), c.createdAt(), c.createdBy(), c.notes());
    }
}
