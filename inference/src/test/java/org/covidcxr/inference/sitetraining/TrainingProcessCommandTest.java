package org.covidcxr.inference.sitetraining;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker starts like its parent: in the installed app-image the natives are found only through these settings. */
class TrainingProcessCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theWorkerGetsTheParentsNativeLibraryPathOfflineSettingsAndHome() throws Exception {
        RunFolder run = RunFolder.create(tmp.resolve("runs"), new RunState("run-1", Instant.now(), "tester",
                RunStatus.PREPARED, "", List.of("x"), SplitSettings.defaults(1), Map.of(), 0,
                SiteTrainingSettings.defaults(), AcceptanceCriteria.DEFAULT, null, null, null));
        String before = System.getProperty("ai.djl.offline");
        System.setProperty("ai.djl.offline", "true");
        try {
            List<String> command = TrainingProcess.command(run, Optional.of(tmp.resolve("parent")));

            assertThat(command.get(0)).endsWith("java");
            assertThat(command).contains("-Djava.library.path=" + System.getProperty("java.library.path"),
                    "-Dai.djl.offline=true", "-Duser.home=" + System.getProperty("user.home"),
                    SiteTrainingWorker.class.getName(),
                    tmp.resolve("parent").toAbsolutePath().toString());
            assertThat(command.indexOf("-Dai.djl.offline=true")).isLessThan(command.indexOf("-cp"));
        } finally {
            if (before == null) {
                System.clearProperty("ai.djl.offline");
            } else {
                System.setProperty("ai.djl.offline", before);
            }
        }
    }
}
