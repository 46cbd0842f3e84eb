package org.covidcxr.inference.sitetraining;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.covidcxr.inference.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training wizard's worker fine-tunes a tiny parent (width 2: its stride-2 shortcuts have 4 and 8 input channels,
 * the shapes whose filter gradient corrupts the heap under oneDNN on AVX-512 CPUs) in a JVM whose environment asks
 * for oneDNN: the worker must switch it off itself (see OneDnnSafetyTest).
 */
class TrainingWorkerOneDnnTest {
    @TempDir
    Path tmp;

    @Test
    void wizardWorkerCompletesAShortRunInAProcessWhoseEnvironmentAsksForOneDnn() throws Exception {
        Path parent = SiteTrainingFixture.tinyParent(tmp, "1.0.0");
        List<SiteSource> sources = List.of(new SiteSource.ClassFolders(
                SiteTrainingFixture.labelledFolder(tmp.resolve("site"), "train", 12)));
        ScanResult scan = new SiteDataScanner(PatientPseudonymizer.forSite(tmp.resolve("site.key")))
                .scan(sources, ScanListener.NONE, new Cancellation());
        RunFolder run = RunPreparation.prepare(tmp.resolve("runs"), sources, scan,
                SplitPlanner.plan(scan, SplitSettings.defaults(42)),
                SiteTrainingSettings.defaults().withEpochs(1).withBatchSize(4), AcceptanceCriteria.DEFAULT,
                Optional.of("1.0.0"), "tester", Instant.now(), ScanListener.NONE, new Cancellation());

        ChildJvm worker = ChildJvm.run(ChildJvm.ONEDNN_REQUESTED, Duration.ofMinutes(3), List.of(),
                SiteTrainingWorker.class, run.folder().toString(),
                Long.toString(ProcessHandle.current().pid()), parent.toString());

        assertThat(worker.exitCode()).as(worker.output()).isZero();
        assertThat(run.reconcile().status()).as(worker.output()).isEqualTo(RunStatus.TRAINED);
    }
}
