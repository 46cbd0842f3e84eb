package org.covidcxr.app.ui.training;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.covidcxr.app.feedback.FeedbackStore;
import org.covidcxr.app.feedback.RadiologistLabel;
import org.covidcxr.app.training.RunPhase;
import org.covidcxr.app.training.RunPhase.Action;
import org.covidcxr.app.training.TrainingServices;
import org.covidcxr.app.ui.training.TrainingWizardViewModel.Step;
import org.covidcxr.inference.sitetraining.AcceptanceCriteria;
import org.covidcxr.inference.sitetraining.ModelComparison;
import org.covidcxr.inference.sitetraining.RunFolder;
import org.covidcxr.inference.sitetraining.RunState;
import org.covidcxr.inference.sitetraining.RunStatus;
import org.covidcxr.inference.sitetraining.SiteTrainingFixture;
import org.covidcxr.inference.sitetraining.SiteTrainingSettings;
import org.covidcxr.inference.sitetraining.SplitSettings;
import org.covidcxr.modelstore.BundledModels;
import org.covidcxr.modelstore.ModelStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;

/** The wizard's ViewModels without the JavaFX toolkit: every executor runs its task at once. */
class TrainingWizardViewModelTest {
    private static final Executor DIRECT = Runnable::run;

    @TempDir
    Path tmp;
    private TrainingServices services;
    private TrainingWizardViewModel wizard;

    @BeforeEach
    void setUp() {
        ModelStore store = ModelStore.open(tmp.resolve("store"),
                ModelStore.Settings.defaults().withBundledModels(BundledModels.none()));
        services = new TrainingServices(store, tmp.resolve("runs"), tmp.resolve("site.key"), tmp.resolve("feedback"),
                "tester", Clock.systemUTC());
        wizard = new TrainingWizardViewModel(services, DIRECT, DIRECT, DIRECT);
        wizard.refresh();
    }

    @Test
    void scanSplitAndSettingsLeadUpToTraining() throws Exception {
        Path site = SiteTrainingFixture.labelledFolder(tmp.resolve("site"), "val", 5);
        assertThat(wizard.canGoNextProperty().get()).isFalse();
        assertThat(wizard.data().feedbackAvailableProperty().get()).isFalse();
        // A radiologist confirmed one COVID-19 image in the viewer: the wizard offers it once it exists.
        BufferedImage display = new BufferedImage(160, 128, BufferedImage.TYPE_BYTE_GRAY);
        display.getRaster().setSample(3, 4, 0, 200);
        new FeedbackStore(services.feedback(), services.siteKey()).record(display, RadiologistLabel.COVID, "MRN-7",
                "ab".repeat(32), "PA", "1.0.0", Optional.of(0.9), Instant.now(), "tester");
        wizard.refresh();
        assertThat(wizard.data().feedbackAvailableProperty().get()).isTrue();
        wizard.data().includeFeedbackProperty().set(true);
        wizard.data().addFolder(site);
        wizard.data().scan();

        assertThat(wizard.data().counts()).extracting(ClassCount::images).containsExactly(6, 5, 5);
        assertThat(wizard.data().rejected()).extracting(r -> r.file().getFileName().toString())
                .containsExactly(SiteTrainingFixture.CORRUPT_FILE);
        assertThat(wizard.data().thumbnails()).hasSize(12);
        assertThat(wizard.split().planProperty().get()).isNotNull();
        wizard.next();
        assertThat(wizard.stepProperty().get()).isEqualTo(Step.SPLIT);

        wizard.split().seedProperty().set(3);
        var first = wizard.split().planProperty().get();
        wizard.split().seedProperty().set(4);
        assertThat(wizard.split().planProperty().get().assigned()).isNotEqualTo(first.assigned());
        assertThat(wizard.split().warnings()).anyMatch(w -> w.contains("image(s) in test"));
        wizard.split().testFractionProperty().set(0.6);
        wizard.split().validationFractionProperty().set(0.5);
        assertThat(wizard.split().errorProperty().get()).contains("leave patients for training");
        assertThat(wizard.canGoNextProperty().get()).isFalse();
        wizard.split().validationFractionProperty().set(SplitSettings.DEFAULT_VALIDATION);
        wizard.split().testFractionProperty().set(SplitSettings.DEFAULT_TEST);
        wizard.next();

        assertThat(wizard.stepProperty().get()).isEqualTo(Step.SETTINGS);
        assertThat(wizard.settings().estimateProperty().get()).startsWith("Estimated time");
        // Nothing is active in this store: fine-tuning cannot start, and says why.
        wizard.startTraining();
        assertThat(wizard.messageProperty().get()).contains("No model is active");
        assertThat(wizard.messageIsProblemProperty().get()).as("shown as a problem").isTrue();
        assertThat(wizard.stepProperty().get()).isEqualTo(Step.SETTINGS);
        wizard.settings().fineTuneProperty().set(false);
        assertThat(wizard.settings().learningRateProperty().get())
                .isEqualTo(SiteTrainingSettings.SCRATCH_LEARNING_RATE);
        assertThat(wizard.settings().settings().freezeBackbone()).isFalse();
    }

    @Test
    void cancellingTheDatasetCopyOrTheEvaluationStopsThemAndSaysSo() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        TrainingWizardViewModel slow = new TrainingWizardViewModel(services, queued::add, DIRECT, DIRECT);
        slow.refresh();
        slow.data().addFolder(SiteTrainingFixture.labelledFolder(tmp.resolve("site"), "val", 5));
        slow.data().scan();
        runAll(queued);
        slow.next();
        slow.next();
        slow.settings().fineTuneProperty().set(false);

        assertThat(slow.phaseProperty().get()).isEqualTo(RunPhase.IDLE);
        slow.startTraining();
        assertThat(slow.preparingProperty().get()).isTrue();
        assertThat(slow.phaseProperty().get()).isEqualTo(RunPhase.COPYING);
        assertThat(slow.allows(Action.CANCEL_COPY).get()).isTrue();
        assertThat(slow.allows(Action.START).get()).as("one copy at a time").isFalse();
        assertThat(slow.messageProperty().get()).startsWith("Copying de-identified images");
        assertThat(slow.messageIsProblemProperty().get()).as("progress, not a problem").isFalse();
        RunFolder earlier = RunFolder.create(services.runsRoot(), new RunState("run-0", Instant.now(), "tester",
                RunStatus.PAUSED, "", List.of("x"), SplitSettings.defaults(1), Map.of(), 0,
                SiteTrainingSettings.defaults(), AcceptanceCriteria.DEFAULT, "1.0.0", null, null));
        slow.refresh();
        queued.remove(1).run(); // the refresh, while the copy is still under way
        assertThat(slow.unfinishedProperty().get()).as("no other run offered while this one is prepared").isNull();
        slow.cancelPreparation();
        runAll(queued);
        assertThat(slow.preparingProperty().get()).isFalse();
        assertThat(slow.messageProperty().get()).isEqualTo("Copy cancelled; no run was created.");
        assertThat(slow.messageIsProblemProperty().get()).isFalse();
        assertThat(slow.stepProperty().get()).isEqualTo(Step.SETTINGS);
        assertThat(slow.phaseProperty().get()).isEqualTo(RunPhase.IDLE);
        assertThat(RunFolder.list(services.runsRoot())).extracting(RunFolder::folder)
                .containsExactly(earlier.folder());

        RunFolder run = RunFolder.create(services.runsRoot(), new RunState("run-1", Instant.now(), "tester",
                RunStatus.TRAINED, "", List.of("x"), SplitSettings.defaults(1), Map.of(), 0,
                SiteTrainingSettings.defaults(), AcceptanceCriteria.DEFAULT, "1.0.0", null, null));
        slow.train().show(run);
        assertThat(slow.phaseProperty().get()).isEqualTo(RunPhase.FINISHED);
        EvaluateStep evaluate = slow.evaluate();
        slow.publish().overrideConfirmedProperty().set(true); // confirmed for an earlier result
        evaluate.evaluate(run);
        assertThat(slow.publish().overrideConfirmedProperty().get()).as("a new evaluation starts unconfirmed")
                .isFalse();
        assertThat(evaluate.evaluatingProperty().get()).isTrue();
        assertThat(slow.phaseProperty().get()).isEqualTo(RunPhase.EVALUATING);
        evaluate.cancel();
        runAll(queued);
        assertThat(evaluate.statusProperty().get()).startsWith("Evaluation cancelled");
        assertThat(evaluate.evaluatingProperty().get()).isFalse();
        assertThat(slow.phaseProperty().get()).isEqualTo(RunPhase.FINISHED);
        assertThat(slow.allows(Action.EVALUATE).get()).as("can be evaluated again").isTrue();
    }

    private static void runAll(List<Runnable> queued) {
        while (!queued.isEmpty()) {
            queued.remove(0).run();
        }
    }

    @Test
    void aSplitWithoutCovidInValidationIsRefusedBeforeAnythingIsCopied() throws Exception {
        wizard.data().addFolder(SiteTrainingFixture.labelledFolder(tmp.resolve("site"), "val", 2));
        wizard.data().scan();
        wizard.next();
        assertThat(wizard.split().planProperty().get().imageCounts()
                .get(org.covidcxr.inference.sitetraining.Split.VAL)).containsEntry("covid", 0);
        wizard.next();
        wizard.settings().fineTuneProperty().set(false);

        wizard.startTraining();

        assertThat(wizard.messageProperty().get()).startsWith("The validation split has no COVID-19 image");
        assertThat(wizard.preparingProperty().get()).isFalse();
        assertThat(RunFolder.list(services.runsRoot())).isEmpty();
    }

    /** A run folder as a closed or crashed workstation leaves it, fine-tuning 1.0.0. */
    private RunFolder runLeftBehind(String id, RunStatus status) throws IOException {
        return RunFolder.create(services.runsRoot(), new RunState(id, Instant.now(), "tester", status, "",
                List.of("x"), SplitSettings.defaults(1), Map.of(), 0, SiteTrainingSettings.defaults(),
                AcceptanceCriteria.DEFAULT, "1.0.0", null, null));
    }

    @Test
    void aPausedRunLeftBehindCanBeCancelledFromTheNoticeWithoutOpeningIt() throws Exception {
        RunFolder run = runLeftBehind("run-2", RunStatus.PAUSED);

        wizard.refresh();
        assertThat(wizard.unfinishedProperty().get()).isNotNull();
        assertThat(wizard.unfinishedCancellableProperty().get()).isTrue();
        wizard.cancelUnfinished();

        assertThat(run.state().status()).as("recorded on disk").isEqualTo(RunStatus.CANCELLED);
        assertThat(wizard.unfinishedProperty().get()).isNull();
        assertThat(wizard.stepProperty().get()).as("the run was not opened").isEqualTo(Step.DATA);
        wizard.refresh();
        assertThat(wizard.unfinishedProperty().get()).as("a cancelled run is not offered again").isNull();
    }

    @Test
    void thePhaseFollowsTheRunAndEveryPhaseOffersItsWayForward() throws Exception {
        assertThat(wizard.phaseProperty().get()).isEqualTo(RunPhase.IDLE);
        assertThat(wizard.allows(Action.START).get()).isTrue();

        RunFolder paused = runLeftBehind("run-5", RunStatus.PAUSED);
        wizard.refresh();
        wizard.continueUnfinished();
        assertThat(wizard.phaseProperty().get()).isEqualTo(RunPhase.PAUSED);
        assertThat(Arrays.stream(Action.values()).filter(a -> wizard.allows(a).get()))
                .containsExactlyInAnyOrder(Action.RESUME, Action.CANCEL);
        assertThat(wizard.canGoBackProperty().get()).as("a run's data and settings are fixed").isFalse();
        wizard.newRun();
        assertThat(wizard.stepProperty().get()).as("a paused run is resumed or cancelled first")
                .isEqualTo(Step.TRAIN);

        wizard.train().cancel();
        assertThat(paused.state().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(wizard.phaseProperty().get()).isEqualTo(RunPhase.CANCELLED);
        assertThat(wizard.allows(Action.NEW_RUN).get()).isTrue();
        wizard.newRun();
        assertThat(wizard.stepProperty().get()).isEqualTo(Step.DATA);
        assertThat(wizard.phaseProperty().get()).isEqualTo(RunPhase.IDLE);
        assertThat(wizard.train().runProperty().get()).isNull();
        assertThat(wizard.train().loss()).isEmpty();

        runLeftBehind("run-6", RunStatus.TRAINED);
        wizard.refresh();
        wizard.continueUnfinished();
        assertThat(wizard.phaseProperty().get()).isEqualTo(RunPhase.FINISHED);
        assertThat(wizard.canGoNextProperty().get()).as("on to the evaluation").isTrue();
        wizard.newRun();
        assertThat(wizard.unfinishedProperty().get()).as("a candidate left undecided is offered again")
                .extracting(r -> r.folder().getFileName().toString()).isEqualTo("run-6");
    }

    @Test
    void continuingAnotherRunLeavesTheEvaluationBehindAndAPublishIsOneDecision() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        TrainingWizardViewModel slow = new TrainingWizardViewModel(services, queued::add, DIRECT, DIRECT);
        RunFolder trained = runLeftBehind("run-7", RunStatus.TRAINED);
        slow.refresh();
        runAll(queued);
        slow.continueUnfinished();
        ModelComparison result = new ModelComparison("1.0.0", "1.0.0-site", null, null, List.of(), List.of());
        slow.evaluate().comparisonProperty().set(result); // as an evaluation of run-7's candidate leaves it
        slow.publish().offer(trained, result);
        assertThat(slow.phaseProperty().get()).isEqualTo(RunPhase.EVALUATED);

        runLeftBehind("run-8", RunStatus.PAUSED);
        slow.refresh();
        runAll(queued);
        slow.continueUnfinished();
        assertThat(slow.train().runProperty().get().folder().getFileName()).hasToString("run-8");
        assertThat(slow.phaseProperty().get()).as("run-7's evaluation no longer applies").isEqualTo(RunPhase.PAUSED);
        assertThat(slow.publish().candidateProperty().get()).isNull();
        assertThat(slow.allows(Action.RESUME).get()).isTrue();

        slow.refresh();
        runAll(queued);
        slow.continueUnfinished(); // run-7, still undecided, is offered again
        slow.evaluate().comparisonProperty().set(result);
        slow.publish().offer(trained, result);
        slow.stepProperty().set(Step.PUBLISH);
        runLeftBehind("run-9", RunStatus.PAUSED);
        slow.refresh();
        runAll(queued);
        assertThat(slow.unfinishedOfferedProperty().get()).as("offered while the trainer decides").isTrue();
        slow.publish().publish();
        slow.publish().publish();
        assertThat(queued).as("one publish at a time").hasSize(1);
        assertThat(slow.unfinishedOfferedProperty().get()).as("not while publishing").isFalse();
        assertThat(slow.phaseProperty().get()).isEqualTo(RunPhase.PUBLISHING);
        assertThat(slow.canGoBackProperty().get()).as("no going back to evaluate while publishing").isFalse();
        assertThat(Arrays.stream(Action.values()).filter(a -> slow.allows(a).get())).isEmpty();
    }

    @Test
    void aRunLeftBehindIsOfferedAndItsCurvesSurviveARestart() throws Exception {
        RunFolder run = runLeftBehind("run-1", RunStatus.TRAINING);
        // Epoch 1 finished; epoch 2 was half done when the process died, then restarted after epoch 1.
        Files.writeString(run.progressLog(), String.join("\n",
                "{\"type\":\"START\",\"epoch\":0,\"epochs\":3}",
                "{\"type\":\"STEP\",\"epoch\":1,\"epochs\":3,\"step\":1,\"steps\":2,\"loss\":1.2}",
                "{\"type\":\"STEP\",\"epoch\":1,\"epochs\":3,\"step\":2,\"steps\":2,\"loss\":1.0}",
                "{\"type\":\"EPOCH\",\"epoch\":1,\"loss\":1.0,\"valLoss\":1.1,\"valAuroc\":0.7,\"imagesPerSecond\":12}",
                "{\"type\":\"STEP\",\"epoch\":2,\"epochs\":3,\"step\":1,\"steps\":2,\"loss\":0.9}",
                "{\"type\":\"START\",\"epoch\":1,\"epochs\":3}",
                "{\"type\":\"STEP\",\"epoch\":2,\"epochs\":3,\"step\":1,\"steps\":2,\"loss\":0.95}",
                "{\"type\":\"STEP\",\"epoch\":2,\"epochs\":3,\"st")); // torn by the kill

        wizard.refresh();
        assertThat(wizard.unfinishedProperty().get()).isNotNull();
        assertThat(wizard.unfinishedNoticeProperty().get()).startsWith("An earlier training run is not finished: ")
                .contains("interrupted");
        wizard.continueUnfinished();
        assertThat(wizard.unfinishedNoticeProperty().get()).isEmpty();

        assertThat(wizard.stepProperty().get()).isEqualTo(Step.TRAIN);
        assertThat(wizard.train().statusProperty().get()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(wizard.train().loss()).containsExactly(new ChartPoint(0.5, 1.2), new ChartPoint(1.0, 1.0),
                new ChartPoint(1.5, 0.95));
        assertThat(wizard.train().validationAuroc()).containsExactly(new ChartPoint(1, 0.7));
        assertThat(wizard.train().messageProperty().get()).contains("Resume");
        // The throughput measured by that run feeds the next time estimate.
        assertThat(wizard.settings().imagesPerSecond()).isEqualTo(12);
        // …for runs with the same configuration only: another batch size trains at another speed
        int batch = wizard.settings().batchSizeProperty().get();
        wizard.settings().batchSizeProperty().set(batch * 2);
        assertThat(wizard.settings().imagesPerSecond()).isEqualTo(SettingsStep.DEFAULT_IMAGES_PER_SECOND);
        wizard.settings().batchSizeProperty().set(batch);
        assertThat(wizard.settings().imagesPerSecond()).isEqualTo(12);
    }
}
