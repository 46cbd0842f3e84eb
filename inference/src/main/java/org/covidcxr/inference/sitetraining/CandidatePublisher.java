package org.covidcxr.inference.sitetraining;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.covidcxr.inference.training.ModelFinisher;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelCard;
import org.covidcxr.modelstore.ModelCards;
import org.covidcxr.modelstore.ModelStore;

/**
 * Publishes a run's candidate into the model store: completes its model card with the site data summary, both
 * models' site test results, the acceptance criteria and their verdict, and who published it when; seals the bundle
 * again and publishes it, not active: activating is a decision of its own. A candidate that failed a criterion is
 * published only with an explicit override, which the card records.
 */
public final class CandidatePublisher {

    private CandidatePublisher() {
    }

    /**
     * @param override the trainer confirmed publishing although a criterion failed
     * @throws IllegalStateException when a criterion failed and {@code override} is false
     */
    public static ModelBundle publish(RunFolder run, ModelStore store, ModelComparison comparison, boolean override,
                                      String user, Instant now) throws IOException {
        if (!comparison.passed() && !override) {
            throw new IllegalStateException("The new model failed an acceptance criterion; publishing it needs an "
                    + "explicit override.");
        }
        RunState state = run.state();
        ModelCard card = ModelBundles.open(run.candidate()).card();
        Map<String, Object> metrics = new LinkedHashMap<>(card.metrics());
        Map<String, Object> siteTest = new LinkedHashMap<>();
        siteTest.put("candidate", ModelFinisher.summary(comparison.candidate()));
        siteTest.put("active", Map.of("version", comparison.activeVersion(),
                "metrics", ModelFinisher.summary(comparison.active())));
        metrics.put("siteTest", siteTest);
        Map<String, Object> acceptance = new LinkedHashMap<>();
        acceptance.put("criteria", comparison.criteria());
        acceptance.put("passed", comparison.passed());
        acceptance.put("override", !comparison.passed());
        metrics.put(ModelCard.ACCEPTANCE_METRIC, acceptance);

        ModelCard.TrainingData data = new ModelCard.TrainingData(siteSummary(state),
                card.trainingData().countsBySplit(), card.trainingData().countsBySource());
        ModelCard completed = new ModelCard(card.version(), card.architecture(), card.classes(), card.input(),
                card.preprocessing(), card.operatingThreshold(), card.temperature(), data, metrics,
                card.intendedUse(), card.limitations(), state.parentVersion(), now, user, card.notes()
                + (comparison.passed() ? "" : " Published by " + user + " although an acceptance criterion failed "
                + "(override confirmed)."));
        ModelCards.write(completed, run.candidate().resolve(ModelBundle.CARD_FILE));
        ModelBundles.seal(run.candidate());

        ModelBundle published = store.publish(run.candidate());
        run.save(state.withPublished(published.version()));
        return published;
    }

    /** Counts and provenance only: no file names (which may name patients), no patient pseudonyms. */
    static String siteSummary(RunState state) {
        List<String> parts = state.imagesBySplit().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).toList();
        return "Site training run " + state.runId() + " on this site's images from " + String.join(", ",
                state.sources()) + "; de-identified copies split by patient (seed " + state.split().seed()
                + "; validation " + state.split().validationFraction() + ", site test " + state.split().testFraction()
                + "): " + String.join("; ", parts) + "; " + state.skippedFiles() + " file(s) skipped. "
                + (state.parentVersion() == null ? "Trained from scratch" : "Fine-tuned from " + state.parentVersion())
                + (state.settings().freezeBackbone() ? " with a frozen backbone" : "") + ", "
                + state.settings().epochs() + " epoch(s) at most, learning rate " + state.settings().learningRate()
                + ".";
    }
}
