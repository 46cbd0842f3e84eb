package org.covidcxr.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.internal.c_api.TFE_Context;
import org.tensorflow.internal.c_api.TFE_ContextOptions;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads native TensorFlow once per JVM, offline, for both TensorFlow Java (training, export) and DJL's TensorFlow
 * engine (serving). Call {@link #bootstrap()} before the first use of either.
 *
 * <p>The natives come from {@code org.tensorflow:tensorflow-core-native} on the class path ({@code linux-x86_64},
 * or {@code linux-x86_64-gpu} under the Maven profile {@code gpu}). JavaCPP extracts them from that jar into its
 * cache folder ({@code ~/.javacpp/cache}, or the system property {@code org.bytedeco.javacpp.cachedir}) and loads
 * them; the folder holding {@code libjnitensorflow.so} then becomes {@code TENSORFLOW_LIBRARY_PATH}, so DJL finds the
 * already loaded library instead of downloading one, and {@code ai.djl.offline=true} forbids any download anyway.
 *
 * <p>Before the natives load, TensorFlow's oneDNN CPU kernels are switched off ({@link OneDnnSwitch}): they corrupt
 * the heap in training on CPUs where oneDNN runs its AVX-512 code, and serving is faster without them (README,
 * Troubleshooting). {@link #bootstrapForTraining()} refuses to train where they are on all the same: natives loaded
 * before {@link #prepareEnvironment()}, or the benchmark's {@code covidcxr.onednn=on}.
 */
public final class TensorFlowRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(TensorFlowRuntime.class);
    /** The property DJL's {@code LibUtils} reads (system property or environment variable). */
    public static final String LIBRARY_PATH_PROPERTY = "TENSORFLOW_LIBRARY_PATH";
    /** TensorFlow's own switch for its oneDNN kernels, read from the environment as the natives load. */
    public static final String ONEDNN_VARIABLE = OneDnnSwitch.VARIABLE;
    /** {@code on} keeps oneDNN on, only to measure it (OneDnnBenchmark); training then runs with it, at its risk. */
    public static final String ONEDNN_PROPERTY = OneDnnSwitch.PROPERTY;

    private static Info info;

    /**
     * What was loaded.
     *
     * @param libraryFolder the folder holding {@code libjnitensorflow.so} and its two TensorFlow libraries
     * @param version       TensorFlow's version string
     * @param devices       device types TensorFlow sees, e.g. {@code [CPU]} or {@code [CPU, GPU]}
     * @param cpuKernels    whether TensorFlow runs its own CPU kernels or oneDNN's
     */
    public record Info(Path libraryFolder, String version, List<String> devices, CpuKernels cpuKernels) {
        public boolean gpu() {
            return devices.contains("GPU");
        }
    }

    /** Which kernels TensorFlow runs on the CPU. */
    public enum CpuKernels {
        TENSORFLOW("TensorFlow's own, oneDNN off"),
        /** Intel's oneDNN kernels, which corrupt memory in training on AVX-512 CPUs. */
        ONEDNN("oneDNN"),
        /** TensorFlow could not be asked (not Linux, or the query symbol is missing). */
        UNKNOWN("not reported by TensorFlow");

        public final String description;

        CpuKernels(String description) {
            this.description = description;
        }
    }

    private TensorFlowRuntime() {
    }

    /**
     * Sets what TensorFlow reads from the process environment as it loads (oneDNN off, its log level). Entry points
     * call this first, before starting other threads; {@link #bootstrap()} calls it too, for any that did not.
     */
    public static void prepareEnvironment() {
        OneDnnSwitch.prepare();
    }

    /** Loads the natives on the first call (extracting them once per machine); later calls return at once. */
    public static synchronized Info bootstrap() {
        if (info != null) {
            return info;
        }
        // Never let DJL go to the network for natives or models, whatever happens below.
        System.setProperty("ai.djl.offline", "true");
        prepareEnvironment();
        String loaded;
        try {
            loaded = Loader.load(tensorflow.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            throw new IllegalStateException("Native TensorFlow could not be loaded from the class path (expected "
                    + "org.tensorflow:tensorflow-core-native:1.0.0-rc.1 with classifier linux-x86_64 or "
                    + "linux-x86_64-gpu). Rebuild the application or reinstall it. Cause: " + e.getMessage(), e);
        }
        if (loaded == null || !Files.isRegularFile(Path.of(loaded))) {
            throw new IllegalStateException("Native TensorFlow loaded from an unexpected place (" + loaded
                    + "); DJL would not find it. Reinstall the application.");
        }
        Path folder = Path.of(loaded).toAbsolutePath().getParent();
        System.setProperty(LIBRARY_PATH_PROPERTY, folder.toString());
        info = new Info(folder, org.tensorflow.TensorFlow.version(), listDevices(), OneDnnSwitch.query(folder));
        LOG.info("TensorFlow {} loaded offline from {}; computing on {}; CPU kernels: {}", info.version(), folder,
                info.gpu() ? "GPU" : "CPU", info.cpuKernels().description);
        return info;
    }

    /**
     * {@link #bootstrap()} for a process about to train: refuses where TensorFlow may run its oneDNN kernels, which
     * corrupt the heap in the convolution weight gradient on AVX-512 CPUs. That happens when the natives were loaded
     * before {@link #prepareEnvironment()} (a programming error) or the environment could not be set. The one
     * exception is a measurement that asked for oneDNN ({@code covidcxr.onednn=on}, OneDnnBenchmark).
     */
    public static Info bootstrapForTraining() {
        Info runtime = bootstrap();
        boolean safe = runtime.cpuKernels() == CpuKernels.TENSORFLOW
                || (runtime.cpuKernels() == CpuKernels.UNKNOWN && OneDnnSwitch.applied());
        if (!safe && !OneDnnSwitch.requested()) {
            throw new IllegalStateException("TensorFlow runs its oneDNN CPU kernels in this process, or may, which "
                    + "crash training on AVX-512 CPUs: they could not be switched off before TensorFlow loaded. Start "
                    + "training in a new process, or set " + ONEDNN_VARIABLE + "=0.");
        }
        return runtime;
    }

    /**
     * Session settings for training and export: {@code threads} intra-op threads and one inter-op thread, in a
     * pool of the session's own. With the same thread count every CPU kernel splits its work the same way, so a
     * seeded run repeats its numbers exactly on the same machine.
     */
    public static ConfigProto sessionConfig(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        return ConfigProto.newBuilder().setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(1)
                .setUsePerSessionThreads(true).setAllowSoftPlacement(true).build();
    }

    /** Device types through the C API, the same way DJL's engine detects a GPU. */
    private static List<String> listDevices() {
        List<String> types = new ArrayList<>();
        try (PointerScope scope = new PointerScope()) {
            TF_Status status = tensorflow.TF_NewStatus();
            TFE_ContextOptions options = tensorflow.TFE_NewContextOptions();
            TFE_Context context = tensorflow.TFE_NewContext(options, status);
            tensorflow.TFE_DeleteContextOptions(options);
            if (tensorflow.TF_GetCode(status) != tensorflow.TF_OK) {
                tensorflow.TF_DeleteStatus(status);
                return List.of("CPU");
            }
            TF_DeviceList list = tensorflow.TFE_ContextListDevices(context, status);
            for (int i = 0; i < tensorflow.TF_DeviceListCount(list); i++) {
                String type = tensorflow.TF_DeviceListType(list, i, status).getString();
                if (!types.contains(type)) {
                    types.add(type);
                }
            }
            tensorflow.TF_DeleteDeviceList(list);
            tensorflow.TFE_DeleteContext(context);
            tensorflow.TF_DeleteStatus(status);
        }
        return List.copyOf(types);
    }
}
