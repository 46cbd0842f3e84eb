package org.covidcxr.app.selftest;

import java.nio.file.Path;
import java.util.Optional;
import org.covidcxr.inference.TensorFlowRuntime;

/**
 * Which device computes, and whether that is what this build promised: the workstation shows it, the self-test
 * prints it. A GPU build without a usable GPU still works (TensorFlow falls back to the CPU) but must say so.
 *
 * @param gpuBuild whether the GPU natives ({@code tensorflow-core-native}, classifier {@code linux-x86_64-gpu})
 *                 were loaded
 * @param gpuInUse whether TensorFlow computes on a GPU
 */
public record ComputeDevice(boolean gpuBuild, boolean gpuInUse) {
    /** Part of the natives' folder name in every layout: the installer's and JavaCPP's cache alike. */
    private static final String GPU_CLASSIFIER_SUFFIX = "-gpu";

    /** From what {@link TensorFlowRuntime#bootstrap()} loaded and whether the model runs on a GPU. */
    public static ComputeDevice of(TensorFlowRuntime.Info runtime, boolean modelOnGpu) {
        return new ComputeDevice(isGpuBuild(runtime.libraryFolder()), modelOnGpu);
    }

    /** The natives folder is named after the classifier they came from (see the installer and JavaCPP's cache). */
    static boolean isGpuBuild(Path nativesFolder) {
        for (Path part : nativesFolder) {
            if (part.toString().contains(GPU_CLASSIFIER_SUFFIX)) {
                return true;
            }
        }
        return false;
    }

    /** "GPU" or "CPU". */
    public String label() {
        return gpuInUse ? "GPU" : "CPU";
    }

    /** True for the GPU build computing on the CPU. */
    public boolean fellBackToCpu() {
        return gpuBuild && !gpuInUse;
    }

    /** What to tell the user when the GPU build found no usable GPU. */
    public Optional<String> notice() {
        return fellBackToCpu()
                ? Optional.of("NOTICE: GPU build without a usable GPU, computing on the CPU; check the NVIDIA "
                        + "driver and the CUDA 12 libraries")
                : Optional.empty();
    }

    /** The label, with the notice when there is one. */
    public String describe() {
        return notice().map(n -> label() + " (" + n + ")").orElse(label());
    }
}
