package org.covidcxr.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.covidcxr.inference.ChildJvm;
import org.covidcxr.inference.training.BlobImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorFlow's oneDNN kernels corrupt the heap in the filter gradient of a 1 × 1, stride-2 convolution with fewer
 * than 16 input channels on AVX-512 CPUs. The recipe runs here in a process started with
 * {@code TF_ENABLE_ONEDNN_OPTS=1}, which turns oneDNN on on any x86 CPU: the launcher must switch it off before
 * TensorFlow loads. On an AVX-512 machine a regression crashes the child JVM (exit 134) instead of passing.
 */
class DefaultModelRecipeTest {

    @TempDir
    Path tmp;

    @Test
    void completesAShortRunOnANetworkWhoseGradientCrashedOneDnn() throws Exception {
        Path data = BlobImages.classFolders(tmp.resolve("data"), 40, 48, 2);

        ChildJvm child = ChildJvm.run(ChildJvm.ONEDNN_REQUESTED, Duration.ofMinutes(3), List.of(), Tools.class,
                "recipe", "--data", data.toString(), "--out", tmp.resolve("out").toString(), "--archs", "resnet",
                "--width", "4", "--input-size", "48", "--epochs", "1", "--patience", "1", "--evaluate-test", "false");

        assertThat(child.exitCode()).as(child.output()).isZero();
        assertThat(child.output()).contains("unsealed bundle");
    }
}
