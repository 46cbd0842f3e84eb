package org.covidcxr.inference.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.data.PreparedDataset;
import org.covidcxr.inference.network.Architecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real TensorFlow on a small slice of the shared data: resume continues the same run; a seed repeats it. */
class TrainerTest {
    static final Path DATA = Path.of(System.getProperty("covidcxr.shared.data", "../shared/data"), "cxr");
    static PreparedDataset[] splits;

    @BeforeAll
    static void prepare() {
        assumeTrue(Files.isRegularFile(DATA.resolve("manifest.csv")),
                "shared data missing at " + DATA.toAbsolutePath() + " (set -Dcovidcxr.shared.data)");
        splits = Trainer.prepare(config(Path.of("unused"), 1), Datasets.load(DATA));
    }

    static TrainingConfig config(Path out, long seed) {
        return TrainingConfig.builder(DATA, out).width(4).inputSize(48).epochs(3).batchSize(12).limitPerClass(12)
                .seed(seed).threads(1).build();
    }

    static Trainer.Result train(TrainingConfig config, boolean resume, TrainingListener listener) {
        return new Trainer(config, Architecture.byName("resnet", 4), listener).run(splits[0], splits[1], resume);
    }

    @Test
    void anInterruptedRunResumesExactlyWhereItStoppedAndASeedRepeatsTheNumbers(@TempDir Path tmp) {
        List<TrainingState.EpochResult> straight = train(config(tmp.resolve("a"), 1), false,
                new TrainingListener() { }).state().history();

        TrainingConfig interrupted = config(tmp.resolve("b"), 1);
        TrainingListener stopInEpochTwo = new TrainingListener() {
            int steps;

            @Override
            public void onStep(Step step) {
                steps = step.epoch() == 2 ? steps + 1 : steps;
            }

            @Override
            public boolean cancelled() {
                return steps >= 1;
            }
        };
        assertThat(train(interrupted, false, stopInEpochTwo).state().epochsDone()).isEqualTo(1);
        List<TrainingState.EpochResult> resumed = train(interrupted, true, new TrainingListener() { }).state()
                .history();

        assertThat(resumed).hasSize(3);
        for (int e = 0; e < 3; e++) {
            assertThat(resumed.get(e).trainLoss()).isEqualTo(straight.get(e).trainLoss());
            assertThat(resumed.get(e).validationLoss()).isEqualTo(straight.get(e).validationLoss());
            assertThat(resumed.get(e).validationMacroAuroc()).isEqualTo(straight.get(e).validationMacroAuroc());
        }
        List<TrainingState.EpochResult> otherSeed = train(config(tmp.resolve("c"), 2), false,
                new TrainingListener() { }).state().history();
        assertThat(otherSeed.get(0).trainLoss()).isNotEqualTo(straight.get(0).trainLoss());
    }

    @Test
    void aResumeWithOtherSettingsIsRefusedAndNamesTheDifference(@TempDir Path tmp) {
        Path out = tmp.resolve("run");
        TrainingConfig.Builder settings = TrainingConfig.builder(DATA, out).width(4).inputSize(48).epochs(2)
                .batchSize(12).limitPerClass(12).seed(1).threads(1);
        train(settings.epochs(1).build(), false, new TrainingListener() { });

        assertThatThrownBy(() -> train(settings.epochs(1).seed(2).learningRate(5e-4).build(), true,
                new TrainingListener() { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was started with other settings")
                .hasMessageContaining("seed 1 (now 2)")
                .hasMessageContaining("learning rate 0.001 (now 5.0E-4)")
                .hasMessageNotContaining("epochs");
        // the thread count is not part of the run's settings: another machine may continue it
        assertThat(train(settings.seed(1).learningRate(1e-3).threads(2).build(), true, new TrainingListener() { })
                .state().epochsDone()).isEqualTo(1);
        assertThat(TrainingState.read(out.resolve("checkpoints")).orElseThrow().settings())
                .containsEntry("architecture", "resnet-w4").containsEntry("seed", "1");
    }

    @Test
    void augmentationCanBeSwitchedOffAndOnlyTheTrainingInputChanges(@TempDir Path tmp) {
        TrainingConfig plain = TrainingConfig.builder(DATA, tmp.resolve("plain")).width(4).inputSize(48).epochs(1)
                .batchSize(12).limitPerClass(12).seed(1).threads(1).augment(false).build();
        TrainingState.EpochResult withAugmentation = train(TrainingConfig.builder(DATA, tmp.resolve("augmented"))
                .width(4).inputSize(48).epochs(1).batchSize(12).limitPerClass(12).seed(1).threads(1).build(), false,
                new TrainingListener() { }).state().history().get(0);
        TrainingState.EpochResult without = train(plain, false, new TrainingListener() { }).state().history().get(0);

        assertThat(without.trainLoss()).isNotEqualTo(withAugmentation.trainLoss());
        assertThat(train(TrainingConfig.builder(DATA, tmp.resolve("plain-again")).width(4).inputSize(48).epochs(1)
                .batchSize(12).limitPerClass(12).seed(1).threads(1).augment(false).build(), false,
                new TrainingListener() { }).state().history().get(0).trainLoss()).isEqualTo(without.trainLoss());
    }

    @Test
    void refusesToOverwriteARunWithoutResume(@TempDir Path tmp) {
        TrainingConfig c = TrainingConfig.builder(DATA, tmp).width(4).inputSize(48).epochs(1).batchSize(12)
                .limitPerClass(12).threads(1).build();
        train(c, false, new TrainingListener() { });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> train(c, false, new TrainingListener() { }))
                .hasMessageContaining("--resume");
    }
}
