package org.covidcxr.modelstore;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The readable view of model cards: the shipped default model's and a site-trained one's. */
class ModelCardTextTest {

    @Test
    void theShippedCardReadsWithItsPurposeDataPerSourceResultsAndLimitations() throws IOException {
        ModelCard card = ModelCards.read(Path.of("models", "1.0.0", ModelBundle.CARD_FILE));

        String text = ModelCardText.render(card);

        assertThat(text).startsWith("Model 1.0.0 — resnet-w16, input 160 × 160 × 1\n")
                .contains("Intended use: decision support for adult frontal chest X-rays; not a standalone diagnosis",
                        "Created 2026-11-25 21:37 UTC by DefaultModelRecipe\n",
                        "COVID-19 operating threshold 0.125; temperature 0.914",
                        "  train: covid 205, normal 314, pneumonia 338",
                        "  Test split: 222 images, 141 patients, COVID-19 AUROC 0.949 (0.901–0.987), macro F1 0.779, "
                                + "accuracy 0.775, ECE 0.085, sensitivity 0.982, specificity 0.861",
                        "    inside source ieee8023: 69 images, 39 patients, COVID-19 AUROC 0.548 (0.349–0.882)",
                        "Limitations:\n  - Source bias")
                .doesNotContain("{", "null");
        assertThat(text.indexOf("Test split")).isLessThan(text.indexOf("Validation split"));
    }

    @Test
    void aSiteTrainedCardLeadsWithTheSiteTestAndTheParentModelsResult() {
        Map<String, Object> overall = Map.of("images", 40, "patients", 30, "macroF1", 0.8,
                "covid", Map.of("auroc", 0.91, "aurocCi95", List.of(0.85, 0.96)));
        Map<String, Object> parent = Map.of("images", 40, "patients", 30,
                "covid", Map.of("auroc", 0.88));
        ModelCard card = new ModelCard("1.0.0-site.1", "resnet-w16", ModelCard.DEFAULT_CLASSES,
                new ModelCard.InputSpec(160, 160, 1, "image", "float32"), null, 0.2, 1.1, null,
                Map.of("siteTest", Map.of("candidate", Map.of("overall", overall),
                                "active", Map.of("version", "1.0.0", "metrics", Map.of("overall", parent))),
                        "acceptance", Map.of("passed", false, "override", true)),
                "", List.of(), "1.0.0", Instant.parse("2026-11-26T08:00:00Z"), "trainer", "");

        String text = ModelCardText.render(card);

        assertThat(text).contains("Created 2026-11-26 08:00 UTC by trainer; derived from 1.0.0",
                "Intended use: " + ModelCard.DEFAULT_INTENDED_USE,
                "  Site test split: 40 images, 30 patients, COVID-19 AUROC 0.910 (0.850–0.960), macro F1 0.800",
                "    model 1.0.0 (active then) on the same images: 40 images, 30 patients, COVID-19 AUROC 0.880",
                "  Acceptance criteria NOT passed (published by override)")
                .doesNotContain("Training data", "Limitations", "Notes", "null");
    }

    @Test
    void theSelectiveVerdictSaysWhereTheModelCallsCovidAndHowOftenItDoes() {
        ModelCard card = new ModelCard("1.2.0", "resnet-w16", ModelCard.DEFAULT_CLASSES, null, null, 0.06, 1.0, null,
                Map.of(ModelCard.SELECTIVE_METRIC, Map.of("confidentThreshold", 0.4512, "coverage", 0.62,
                        "callAccuracy", 0.97)), null, List.of(), null, null, null, null);

        assertThat(card.confidentThreshold()).isEqualTo(0.4512);
        assertThat(ModelCardText.render(card)).contains("Selective verdict: COVID-19 is called from 0.451; between "
                + "the operating threshold and that, the verdict is indeterminate",
                "62 % of flagged images got a call, and 97 % of those calls were right");

        ModelCard none = new ModelCard("1.2.1", null, List.of(), null, null, 0.06, 1.0, null,
                Map.of(ModelCard.SELECTIVE_METRIC, Map.of("confidentThreshold", 1.0000001)), null, List.of(), null,
                null, null, null);
        assertThat(ModelCardText.render(none)).contains("called from nowhere (no call was reliable on validation)");
        ModelCard without = new ModelCard("1.1.0", null, List.of(), null, null, 0.06, 1.0, null, Map.of(), null,
                List.of(), null, null, null, null);
        assertThat(without.confidentThreshold()).as("no band without the entry").isEqualTo(0.06);
        assertThat(ModelCardText.render(without)).doesNotContain("Selective");
    }

    @Test
    void oddOrForeignMetricBlocksAreSkippedNotFatal() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("test", "not a map");
        metrics.put("validation", Map.of("overall", Map.of("images", "many", "covid", List.of(1, 2),
                "macroF1", 0.5), "bySource", List.of()));
        metrics.put("siteTest", Map.of("candidate", 3, "active", Map.of("version", "0.1")));
        metrics.put("somethingElse", Map.of("overall", Map.of("images", 10)));
        ModelCard card = new ModelCard("2.0.0", null, List.of(), null, null, 0.5, 1.0, null, metrics, null,
                List.of(), null, null, null, null);

        String text = ModelCardText.render(card);

        assertThat(text).startsWith("Model 2.0.0 — —, input —\n")
                .contains("Created — by —", "  Validation split: macro F1 0.500\n")
                .doesNotContain("Test split", "Site test", "somethingElse", "null");
    }
}
