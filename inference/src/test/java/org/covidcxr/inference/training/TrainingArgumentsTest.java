package org.covidcxr.inference.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.network.Architecture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code train} refuses before any work starts (no TensorFlow needed). */
class TrainingArgumentsTest {
    @TempDir
    Path tmp;

    @Test
    void resumingWhereNoRunWasStartedIsRefusedInsteadOfStartingANewOne() throws Exception {
        TrainingConfig config = TrainingConfig.builder(Files.createDirectories(tmp.resolve("data")), tmp.resolve("out"))
                .build();

        assertThatThrownBy(() -> TrainingRun.execute(config, true, Optional.empty(), new TrainingListener() { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("There is no training run to resume in").hasMessageContaining("without --resume");
        assertThat(config.checkpointDirectory()).doesNotExist();
    }

    @Test
    void aResumedRunFinishesAsTheVersionItWasStartedFor() throws Exception {
        TrainingConfig config = TrainingConfig.builder(Files.createDirectories(tmp.resolve("data")), tmp.resolve("out"))
                .build();
        Files.createDirectories(config.checkpointDirectory());
        TrainingState.fresh(config.runSettings(Architecture.byName(config.architecture(), config.width())))
                .write(config.checkpointDirectory());
        Files.writeString(config.out().resolve("model-version.txt"), "rev-1");

        assertThatThrownBy(() -> TrainingRun.execute(config, true, Optional.of("rev-2"), new TrainingListener() { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was started for version rev-1");
    }

    @Test
    void impossibleSettingsAreNamedEachWithItsValue() {
        assertThatThrownBy(() -> TrainingConfig.builder(tmp, tmp.resolve("out")).epochs(0).threads(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid training settings: epochs must be at least 1, was 0; threads must be at least 1, "
                        + "was 0.");
    }

    @Test
    void aValidationSplitWithoutCovidIsRefusedBeforeTrainingNotAfterIt() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("csv"));
        StringBuilder csv = new StringBuilder("file,label,patient_id,split\n");
        for (int i = 0; i < 6; i++) {
            csv.append("img").append(i).append(".png,").append(i % 2 == 0 ? "covid" : "normal").append(",p")
                    .append(i).append(",train\n");
        }
        csv.append("v.png,normal,q,val\n");
        Files.writeString(data.resolve("manifest.csv"), csv);
        TrainingConfig config = TrainingConfig.builder(data, tmp.resolve("out")).batchSize(2).build();

        assertThatThrownBy(() -> Trainer.prepare(config, Datasets.load(data)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the validation split has no covid image");
    }
}
