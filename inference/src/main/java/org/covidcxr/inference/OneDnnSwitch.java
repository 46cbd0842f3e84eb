package org.covidcxr.inference;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.nio.file.Path;
import org.covidcxr.inference.TensorFlowRuntime.CpuKernels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches TensorFlow's oneDNN CPU kernels off before its natives load, and asks the loaded library what it decided.
 * TensorFlow reads {@value #VARIABLE} from the process's own environment once, as it loads; with oneDNN on, the
 * weight gradient of a 1 × 1, stride-2 convolution with fewer than 16 input channels corrupts the heap on CPUs where
 * oneDNN runs its AVX-512 code (README, Troubleshooting).
 */
final class OneDnnSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(OneDnnSwitch.class);
    static final String VARIABLE = "TF_ENABLE_ONEDNN_OPTS";
    /** {@code on} keeps oneDNN on, only so that OneDnnBenchmark can measure it; a warning is logged. */
    static final String PROPERTY = "covidcxr.onednn";
    /** TensorFlow's C++ log threshold: without it every process prints a dozen INFO lines about the CPU. */
    private static final String LOG_LEVEL_VARIABLE = "TF_CPP_MIN_LOG_LEVEL";
    /** {@code bool tensorflow::IsMKLEnabled()} of libtensorflow_framework (Linux, Itanium C++ name). */
    private static final String IS_ONEDNN_ENABLED_SYMBOL = "_ZN10tensorflow12IsMKLEnabledEv";

    private static boolean prepared;
    private static boolean applied;

    private OneDnnSwitch() {
    }

    /**
     * Sets the environment once per process. glibc's {@code setenv} is not safe against other threads reading the
     * environment, so entry points call this first, before they start any; later calls do nothing.
     */
    static synchronized void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        try {
            NativeEnvironment.set(VARIABLE, requested() ? "1" : "0");
            applied = true;
            if (System.getenv(LOG_LEVEL_VARIABLE) == null) {
                NativeEnvironment.set(LOG_LEVEL_VARIABLE, "1");
            }
        } catch (LinkageError | IllegalStateException e) {
            LOG.warn("could not set {} in this process's environment ({}); training will be refused", VARIABLE,
                    e.toString());
        }
        if (requested()) {
            LOG.warn("{}=on: TensorFlow's oneDNN kernels stay on, which can crash training on AVX-512 CPUs. Use it "
                    + "only to measure them.", PROPERTY);
        }
    }

    static boolean requested() {
        return "on".equals(System.getProperty(PROPERTY));
    }

    /** Whether the environment was set before TensorFlow could read it (when {@link #prepare} came first). */
    static synchronized boolean applied() {
        return applied;
    }

    /** What the loaded library decided; {@link CpuKernels#UNKNOWN} where it cannot be asked (not Linux). */
    static CpuKernels query(Path libraryFolder) {
        if (!Platform.isLinux()) {
            return CpuKernels.UNKNOWN;
        }
        Path framework = libraryFolder.resolve("libtensorflow_framework.so.2");
        try {
            int enabled = NativeLibrary.getInstance(framework.toString()).getFunction(IS_ONEDNN_ENABLED_SYMBOL)
                    .invokeInt(new Object[0]);
            return (enabled & 0xFF) != 0 ? CpuKernels.ONEDNN : CpuKernels.TENSORFLOW;
        } catch (LinkageError e) {
            LOG.warn("could not ask TensorFlow whether its oneDNN kernels are on ({})", e.toString());
            return CpuKernels.UNKNOWN;
        }
    }
}
