package org.covidcxr.app.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.covidcxr.inference.JvmCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackStoreTest {
    @TempDir
    Path temp;

    @Test
    void recordsDeidentifiedImageLabelAndStablePseudonym() throws IOException {
        FeedbackStore store = new FeedbackStore(temp.resolve("feedback"), temp.resolve("site.key"));
        BufferedImage grey = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
        String sha1 = "1".repeat(64);
        String sha2 = "2".repeat(64);
        store.record(grey, RadiologistLabel.COVID, "PID-123", sha1, "pa", "1.0.0", Optional.of(0.734),
                Instant.EPOCH, "dr.a");
        store.record(grey, RadiologistLabel.NORMAL, "PID-123", sha2, "", "1.0.0", Optional.empty(), Instant.EPOCH,
                "dr.a");

        List<FeedbackStore.Entry> entries = store.entries();
        assertThat(entries).hasSize(2);
        FeedbackStore.Entry first = entries.get(0);
        assertThat(first.label()).isEqualTo("covid");
        assertThat(first.view()).isEqualTo("PA");
        assertThat(first.modelCovidProbability()).isEqualTo("0.7340");
        assertThat(first.patientPseudonym()).isEqualTo(entries.get(1).patientPseudonym()).doesNotContain("123");
        BufferedImage png = ImageIO.read(store.root().resolve(first.file()).toFile());
        assertThat(png.getWidth()).isEqualTo(40);

        String manifest = Files.readString(store.root().resolve(FeedbackStore.MANIFEST));
        assertThat(manifest).startsWith(String.join(",", FeedbackStore.COLUMNS)).doesNotContain("PID-123");
    }

    @Test
    void relabellingAnImageReplacesItsRow() throws IOException {
        FeedbackStore store = new FeedbackStore(temp.resolve("feedback"), temp.resolve("site.key"));
        BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        String sha = "a".repeat(64);
        store.record(grey, RadiologistLabel.UNSURE, "", sha, "", "", Optional.empty(), Instant.EPOCH, "u");
        store.record(grey, RadiologistLabel.PNEUMONIA, "", sha, "", "", Optional.empty(), Instant.EPOCH, "u");
        assertThat(store.entries()).singleElement().extracting(FeedbackStore.Entry::label).isEqualTo("pneumonia");
    }

    @Test
    void twoProcessesLabellingAtTheSameTimeLoseNoLabel() throws Exception {
        Path root = temp.resolve("feedback");
        Path key = temp.resolve("site.key");
        new FeedbackStore(root, key).record(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY),
                RadiologistLabel.COVID, "P", "0".repeat(64), "", "", Optional.empty(), Instant.EPOCH, "first");
        int each = 40;
        List<Process> writers = new ArrayList<>();
        for (String tag : List.of("a", "b")) {
            writers.add(new ProcessBuilder(JvmCommand.of(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1",
                    "-Djava.awt.headless=true"), FeedbackWriterProcess.class, List.of(root.toString(), key.toString(),
                    tag, Integer.toString(each)))).inheritIO().start());
        }
        for (Process writer : writers) {
            assertThat(writer.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(writer.exitValue()).isZero();
        }

        List<FeedbackStore.Entry> entries = new FeedbackStore(root, key).entries();
        assertThat(entries).hasSize(1 + 2 * each);
        assertThat(entries).extracting(FeedbackStore.Entry::sourceSha256).doesNotHaveDuplicates();
        try (var files = Files.list(root)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left behind")
                    .containsOnly(FeedbackStore.MANIFEST, FeedbackStore.LOCK_FILE, "images");
        }
    }
}
