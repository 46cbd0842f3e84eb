package org.covidcxr.inference.sitetraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.covidcxr.files.FileTrees;
import org.covidcxr.inference.segmentation.PixelGate;
import org.covidcxr.modelstore.BundledModels;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelStore;
import org.covidcxr.modelstore.VerificationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole UI-free pipeline with a real training process: prepare a run from labelled folders, fine-tune the active
 * model in a child JVM, kill that JVM mid-epoch, resume, evaluate against the active model and publish.
 */
class SiteTrainingRunTest {
    private static final Path SHIPPED_SEGMENTER = Path.of("..", "model-store", "models", "1.1.1",
            PixelGate.FOLDER);

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void trainingKilledMidEpochResumesToTheEndAndTheStoreStaysIntact() throws Exception {
        ModelStore store = ModelStore.open(tmp.resolve("store"),
                ModelStore.Settings.defaults().withBundledModels(BundledModels.none()));
        store.publish(SiteTrainingFixture.tinyParent(tmp, "1.0.0"));
        store.activate("1.0.0");
        ModelBundle active = store.requireActive();

        List<SiteSource> sources = List.of(new SiteSource.ClassFolders(
                SiteTrainingFixture.labelledFolder(tmp.resolve("site"), "train", 20)));
        ScanResult scan = new SiteDataScanner(PatientPseudonymizer.forSite(tmp.resolve("site.key")))
                .scan(sources, ScanListener.NONE, new Cancellation());
        assertThat(scan.rejected()).extracting(r -> r.file().getFileName().toString())
                .containsExactly(SiteTrainingFixture.CORRUPT_FILE);
        SplitPlan plan = SplitPlanner.plan(scan, SplitSettings.defaults(42));
        SiteTrainingSettings settings = SiteTrainingSettings.defaults().withEpochs(3).withBatchSize(4);
        RunFolder run = RunPreparation.prepare(tmp.resolve("runs"), sources, scan, plan, settings,
                AcceptanceCriteria.DEFAULT, Optional.of(active.version()), "tester", Instant.now(),
                ScanListener.NONE, new Cancellation());

        // Paused by the trainer during epoch 1: the process stops cleanly and the run stays resumable.
        TrainingProcess paused = TrainingProcess.start(run, Optional.of(active.directory()));
        awaitStepOfEpoch(run, 1, paused);
        paused.pause();
        RunState afterPause = paused.await();
        assertThat(afterPause.status()).isEqualTo(RunStatus.PAUSED);
        assertThat(afterPause.message()).contains("Paused");

        // Killed during epoch 2 (a crash, or power loss).
        TrainingProcess first = TrainingProcess.start(run, Optional.of(active.directory()));
        awaitStepOfEpoch(run, 2, first);
        first.process().destroyForcibly().waitFor();
        RunState interrupted = run.reconcile();
        assertThat(interrupted.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(run.trainingProcessRunning()).isFalse();

        RunState done = TrainingProcess.start(run, Optional.of(active.directory())).await();
        assertThat(done.status()).as("training log: %s", run.workerLog()).isEqualTo(RunStatus.TRAINED);
        List<TrainingEvent> events = run.events();
        // The kill lands during epoch 2 (or, on a fast machine, just after its checkpoint): resume continues there.
        // The pause came during epoch 1 or just after it, so the second start resumed after epoch 0 or 1.
        assertThat(events).filteredOn(e -> e.type() == TrainingEvent.Type.START).extracting(TrainingEvent::epoch)
                .hasSize(3).first().isEqualTo(0);
        assertThat(events).filteredOn(e -> e.type() == TrainingEvent.Type.START).last()
                .satisfies(e -> assertThat(e.epoch()).isBetween(1, 2));
        assertThat(events).filteredOn(e -> e.type() == TrainingEvent.Type.EPOCH).extracting(TrainingEvent::epoch)
                .containsExactly(1, 2, 3);

        ModelBundle candidate = ModelBundles.open(run.candidate());
        assertThat(candidate.card().parent()).contains("1.0.0");
        ModelComparison comparison = SiteEvaluation.compare(run, active, candidate, done.criteria(),
                ScanListener.NONE, new Cancellation());
        assertThat(comparison.criteria()).as("the tiny active model has no lung segmenter").hasSize(4);
        assertThat(comparison.active().overall().images()).isEqualTo(done.images(Split.TEST));

        // An active model with the shipped lung segmenter: both models also score the films with the lungs hidden.
        Path withSegmenter = tmp.resolve("active-with-segmenter");
        FileTrees.copy(active.directory(), withSegmenter);
        Files.delete(withSegmenter.resolve(ModelBundle.MANIFEST_FILE));
        FileTrees.copy(SHIPPED_SEGMENTER, withSegmenter.resolve(PixelGate.FOLDER));
        ModelComparison audited = SiteEvaluation.compare(run, ModelBundles.seal(withSegmenter), candidate,
                done.criteria(), ScanListener.NONE, new Cancellation());
        assertThat(audited.criteria()).hasSize(5).last().satisfies(c -> {
            assertThat(c.name()).isEqualTo("COVID-19 AUROC with the lungs hidden");
            assertThat(c.reason()).doesNotStartWith("Not judged");
            assertThat(c.differenceUpper()).isGreaterThanOrEqualTo(c.differenceLower());
        });
        assertThat(audited.criteria().subList(0, 4)).as("the full films' criteria are the same")
                .isEqualTo(comparison.criteria());

        if (!comparison.passed()) {
            assertThatThrownBy(() -> CandidatePublisher.publish(run, store, comparison, false, "tester",
                    Instant.now())).isInstanceOf(IllegalStateException.class).hasMessageContaining("override");
        }
        ModelBundle published = CandidatePublisher.publish(run, store, comparison, true, "tester",
                Instant.now());
        assertThat(published.card().metrics()).containsKeys("validation", "siteTest", "acceptance");
        assertThat(published.card().trainingData().description()).contains("Fine-tuned from 1.0.0")
                .doesNotContain(".png");
        assertThat(run.state().status()).isEqualTo(RunStatus.PUBLISHED);
        assertThat(store.list()).extracting(b -> b.version()).contains("1.0.0", done.candidateVersion());
        assertThat(store.verify()).allMatch(VerificationReport::ok);
        assertThat(store.activeVersion()).contains("1.0.0");
    }

    /**
     * Waits until the process just started reports a step of {@code epoch} (so a pause or kill lands mid-epoch).
     * Only events after that process's START count: earlier attempts logged steps of the same epochs.
     */
    private static void awaitStepOfEpoch(RunFolder run, int epoch, TrainingProcess process) throws Exception {
        long startsBefore = run.events().stream().filter(e -> e.type() == TrainingEvent.Type.START).count();
        while (true) {
            List<TrainingEvent> events = run.events();
            int lastStart = -1;
            long starts = 0;
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i).type() == TrainingEvent.Type.START) {
                    lastStart = i;
                    starts++;
                }
            }
            if (starts > startsBefore && events.subList(lastStart + 1, events.size()).stream()
                    .anyMatch(e -> e.type() == TrainingEvent.Type.STEP && e.epoch() == epoch)) {
                return;
            }
            if (!process.alive()) {
                throw new AssertionError("training ended early:\n" + java.nio.file.Files.readString(run.workerLog()));
            }
            Thread.sleep(50);
        }
    }
}
