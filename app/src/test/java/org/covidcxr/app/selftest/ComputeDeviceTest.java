package org.covidcxr.app.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ComputeDeviceTest {

    @Test
    void recognisesTheGpuNativesInTheInstallerAndInJavaCppsCache() {
        assertThat(ComputeDevice.isGpuBuild(Path.of("/opt/covidcxr/lib/app/natives/linux-x86_64-gpu"))).isTrue();
        assertThat(ComputeDevice.isGpuBuild(Path.of("/home/u/.javacpp/cache/"
                + "tensorflow-core-native-1.0.0-rc.1-linux-x86_64-gpu.jar/org/tensorflow/internal/c_api/linux-x86_64")))
                .isTrue();
        assertThat(ComputeDevice.isGpuBuild(Path.of("/opt/covidcxr/lib/app/natives/linux-x86_64"))).isFalse();
        assertThat(ComputeDevice.isGpuBuild(Path.of("/home/u/.javacpp/cache/"
                + "tensorflow-core-native-1.0.0-rc.1-linux-x86_64.jar/org/tensorflow/internal/c_api/linux-x86_64")))
                .isFalse();
    }

    @Test
    void theGpuBuildWithoutAGpuSaysItFellBackToTheCpu() {
        ComputeDevice fallback = new ComputeDevice(true, false);
        assertThat(fallback.label()).isEqualTo("CPU");
        assertThat(fallback.fellBackToCpu()).isTrue();
        assertThat(fallback.describe()).startsWith("CPU (NOTICE: GPU build without a usable GPU, computing on the CPU");
    }

    @Test
    void noNoticeWhenTheBuildGotWhatItExpected() {
        assertThat(new ComputeDevice(false, false).describe()).isEqualTo("CPU");
        assertThat(new ComputeDevice(true, true).describe()).isEqualTo("GPU");
        assertThat(new ComputeDevice(true, true).notice()).isEmpty();
    }
}
