package org.covidcxr.inference.sitetraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run appears among the runs only once its de-identified dataset copy is complete. */
class RunPreparationTest {
    @TempDir
    Path tmp;

    @Test
    void aCancelledCopyLeavesNoRunBehindAndACompleteOneIsMovedIntoItsRun() throws Exception {
        List<SiteSource> sources = List.of(new SiteSource.ClassFolders(
                SiteTrainingFixture.labelledFolder(tmp.resolve("site"), "train", 6)));
        ScanResult scan = new SiteDataScanner(PatientPseudonymizer.forSite(tmp.resolve("site.key")))
                .scan(sources, ScanListener.NONE, new Cancellation());
        SplitPlan plan = SplitPlanner.plan(scan, SplitSettings.defaults(42));
        Path runs = tmp.resolve("runs");
        Cancellation cancellation = new Cancellation();
        ScanListener cancelAfterThree = (done, total, file) -> {
            if (done == 3) {
                cancellation.cancel();
            }
        };

        assertThatThrownBy(() -> prepare(runs, sources, scan, plan, cancelAfterThree, cancellation))
                .isInstanceOf(CancellationException.class);
        assertThat(RunFolder.list(runs)).isEmpty();
        assertThat(children(runs)).as("nothing left in the runs folder").isEmpty();

        // A copy a crash left behind a day ago is removed by the next preparation; a fresh one (in progress) is not.
        Path abandoned = Files.createDirectories(runs.resolve(".run-old.dataset-partial"));
        Files.setLastModifiedTime(abandoned, java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(90_000)));
        Path inProgress = Files.createDirectories(runs.resolve(".run-other.dataset-partial"));

        RunFolder run = prepare(runs, sources, scan, plan, ScanListener.NONE, new Cancellation());
        assertThat(abandoned).doesNotExist();
        assertThat(inProgress).isDirectory();
        Files.delete(inProgress);
        assertThat(RunFolder.list(runs)).extracting(RunFolder::folder).containsExactly(run.folder());
        assertThat(run.state().status()).isEqualTo(RunStatus.PREPARED);
        assertThat(run.dataset().resolve(SiteDatasetWriter.MANIFEST)).isRegularFile();
        assertThat(children(runs)).containsExactly(run.folder());
    }

    private static RunFolder prepare(Path runs, List<SiteSource> sources, ScanResult scan, SplitPlan plan,
                                     ScanListener listener, Cancellation cancellation) throws Exception {
        return RunPreparation.prepare(runs, sources, scan, plan, SiteTrainingSettings.defaults(),
                AcceptanceCriteria.DEFAULT, Optional.of("1.0.0"), "tester", Instant.now(), listener, cancellation);
    }

    private static List<Path> children(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.toList();
        }
    }
}
