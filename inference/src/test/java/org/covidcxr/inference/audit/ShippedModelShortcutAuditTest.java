package org.covidcxr.inference.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.serving.CovidClassifier;
import org.covidcxr.inference.sitetraining.SiteTrainingFixture;
import org.covidcxr.modelstore.BundledModels;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.junit.jupiter.api.Test;

/**
 * The shortcut audit of the model the product ships as default, on a fixed part of the {@code cxr} test split (every
 * ieee8023 image, the first 40 NIH ones): a new default model must be at least as good as 1.1.0 was on each figure,
 * so none can silently get worse at telling disease from source. The bounds are 1.1.0's own figures on this subset
 * (within ieee8023 0.606, border only 0.838, text marker 33 %, any other re-processing at most 9 %), with a small
 * margin; README, "The default model", has its figures on the whole test split.
 */
class ShippedModelShortcutAuditTest {
    private static final Path SHIPPED = Path.of("..", "model-store", "models");

    @Test
    void theShippedModelIsNoWorseThanTheOneItReplacedAtTellingDiseaseFromSource() {
        Path cxr = SiteTrainingFixture.sharedCxr();
        Path masks = cxr.resolveSibling("lung-masks");
        assumeTrue(Files.isDirectory(masks), "lung masks missing at " + masks.toAbsolutePath());
        List<String> versions = BundledModels.fromDirectory(SHIPPED).versions();
        assumeTrue(!versions.isEmpty(), "no shipped model in " + SHIPPED.toAbsolutePath());
        ModelBundle bundle = ModelBundles.open(SHIPPED.resolve(versions.get(versions.size() - 1)));
        List<LabelledImage> subset = new ArrayList<>();
        int nih = 0;
        for (LabelledImage image : Datasets.split(Datasets.load(cxr), Datasets.TEST)) {
            if (image.source().equals("ieee8023") || nih++ < 40) {
                subset.add(image);
            }
        }
        AuditSubjects.Loaded loaded = AuditSubjects.load(cxr, subset, Optional.of(masks));
        assertThat(loaded.skipped()).isEmpty();

        ShortcutAuditReport report;
        try (CovidClassifier classifier = CovidClassifier.open(bundle)) {
            report = ShortcutAudit.run(bundle.version(), loaded.subjects(),
                    x -> classifier.scoreAll(List.of(x)).get(0).covidProbability(), bundle.card().operatingThreshold());
        }
        System.out.println(report.markdown());

        assertThat(report.row("within ieee8023", "full image").orElseThrow().auroc()).isGreaterThanOrEqualTo(0.58);
        assertThat(report.row("all sources", "border only").orElseThrow().auroc()).isLessThanOrEqualTo(0.86);
        assertThat(report.nuisance()).allSatisfy(r -> assertThat(r.flipRate()).as(r.transform())
                .isLessThanOrEqualTo(r.transform().equals("text marker") ? 0.35 : 0.10));
    }
}
