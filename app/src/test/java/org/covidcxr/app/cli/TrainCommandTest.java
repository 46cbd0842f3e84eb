package org.covidcxr.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.covidcxr.app.Main;
import org.covidcxr.inference.ChildJvm;
import org.covidcxr.inference.training.BlobImages;
import org.covidcxr.modelstore.ModelBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code covidcxr train} completes a short run of a width-4 ResNet (its stride-2 shortcuts have 8 input channels, the
 * shape whose filter gradient corrupts the heap under TensorFlow's oneDNN kernels on AVX-512 CPUs) in a process whose
 * environment asks for oneDNN: the launcher must switch it off before TensorFlow loads.
 */
class TrainCommandTest {
    @TempDir
    Path tmp;

    @Test
    void trainCompletesAShortRunInAProcessWhoseEnvironmentAsksForOneDnn() throws Exception {
        Path data = BlobImages.classFolders(tmp.resolve("data"), 40, 48, 3);
        Path out = tmp.resolve("out");

        ChildJvm train = ChildJvm.run(ChildJvm.ONEDNN_REQUESTED, Duration.ofMinutes(3),
                List.of("-Dcovidcxr.home=" + tmp.resolve("home")), Main.class, "train",
                "--data", data.toString(), "--out", out.toString(), "--width", "4", "--input-size", "48",
                "--epochs", "1", "--batch-size", "8", "--model-version", "0.0.1-test");

        assertThat(train.exitCode()).as(train.output()).isZero();
        assertThat(train.output()).contains("bundle 0.0.1-test written to");
        assertThat(ModelBundles.verify(out.resolve("bundle")).ok()).isTrue();
    }
}
