package org.covidcxr.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorFlow's oneDNN kernels corrupt the heap in the filter gradient of a 1 × 1, stride-2 convolution with fewer
 * than 16 input channels on AVX-512 CPUs. Each process here starts with {@code TF_ENABLE_ONEDNN_OPTS=1}, which turns
 * oneDNN on on any x86 CPU: the product must switch it off before TensorFlow loads, and refuse to train where it could
 * not. On an AVX-512 machine a regression crashes the child JVM (exit 134) instead of passing.
 */
class OneDnnSafetyTest {
    static final Duration LIMIT = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    @Test
    void bootstrapSwitchesOneDnnOffWhateverTheEnvironmentSays() throws Exception {
        ChildJvm child = ChildJvm.run(ChildJvm.ONEDNN_REQUESTED, LIMIT, List.of(), OneDnnProbe.class,
                "kernels");

        assertThat(child.exitCode()).as(child.output()).isZero();
        assertThat(child.output()).contains("cpuKernels=" + TensorFlowRuntime.CpuKernels.TENSORFLOW);
    }

    @Test
    void trainingIsRefusedWhereTensorFlowWasLoadedWithOneDnnOn() throws Exception {
        ChildJvm child = ChildJvm.run(ChildJvm.ONEDNN_REQUESTED, LIMIT, List.of(), OneDnnProbe.class,
                "load-then-train", tmp.toString());

        assertThat(child.exitCode()).as(child.output()).isEqualTo(3);
        assertThat(child.output()).contains("refused: TensorFlow runs its oneDNN CPU kernels in this process");
    }
}
