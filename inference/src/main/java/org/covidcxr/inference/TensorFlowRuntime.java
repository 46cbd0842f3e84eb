package org.covidcxr.inference;

import com.sun.jna.NativeLibrary;
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
 * <p>Before the natives load, TensorFlow's oneDNN CPU kernels are switched off ({@code TF_ENABLE_ONEDNN_OPTS=0} in
 * the process's own environment, which TensorFlow reads once as it loads). With them on, the convolution filter
 * gradient of a 1 × 1, stride-2 convolution with fewer than 16 input channels corrupts the heap on CPUs where oneDNN
 * runs its AVX-512 code (TensorFlow turns oneDNN on by default on CPUs with AVX-512 VNNI or BF16, e.g. Xeon Cascade
 * Lake and later, AMD EPYC Zen 4), and the JVM dies. Serving is as fast or faster without them (README,
 * Troubleshooting), so every process uses TensorFlow's own kernels. {@link #bootstrapForTraining()} refuses to train
 * where they are on anyway (natives loaded behind this class's back, or {@value #ONEDNN_PROPERTY}{@code =on}).
 */
public final class TensorFlowRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(TensorFlowRuntime.class);
    /** The property DJL's {@code LibUtils} reads (system property or environment variable). */
    public static final String LIBRARY_PATH_PROPERTY = "TENSORFLOW_LIBRARY_PATH";
    /** TensorFlow's own switch for its oneDNN kernels, read from the environment as the natives load. */
    public static final String ONEDNN_VARIABLE = "TF_ENABLE_ONEDNN_OPTS";
    /** {@code on} keeps oneDNN on, only to measure what it would cost or gain (see OneDnnBenchmark); training refuses. */
    public static final String ONEDNN_PROPERTY = "covidcxr.onednn";
    /** TensorFlow's C++ log threshold: without it every process prints a dozen INFO lines about the CPU. */
    private static final String LOG_LEVEL_VARIABLE = "TF_CPP_MIN_LOG_LEVEL";
    /** {@code bool tensorflow::IsMKLEnabled()}: what TensorFlow decided, read back after loading. */
    private static final String IS_ONEDNN_ENABLED_SYMBOL = "_ZN10tensorflow12IsMKLEnabledEv";

    private static Info info;

    /**
     * What was loaded.
     *
     * @param libraryFolder the folder holding {@code libjnitensorflow.so} and its two TensorFlow libraries
     * @param version       TensorFlow's version string
     * @param devices       device types TensorFlow sees, e.g. {@code [CPU]} or {@code [CPU, GPU]}
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
        /** This TensorFlow build does not say (the query symbol is missing). */
        UNKNOWN("not reported by this TensorFlow build");

        public final String description;

        CpuKernels(String description) {
            this.description = description;
        }
    }

    private TensorFlowRuntime() {
    }

    /** Loads the natives on the first call (extracting them once per machine); later calls return at once. */
    public static synchronized Info bootstrap() {
        if (info != null) {
            return info;
        }
        // Never let DJL go to the network for natives or models, whatever happens below.
        System.setProperty("ai.djl.offline", "true");
        boolean oneDnnRequested = oneDnnRequested();
        NativeEnvironment.set(ONEDNN_VARIABLE, oneDnnRequested ? "1" : "0");
        if (System.getenv(LOG_LEVEL_VARIABLE) == null) {
            NativeEnvironment.set(LOG_LEVEL_VARIABLE, "1");
        }
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
        info = new Info(folder, org.tensorflow.TensorFlow.version(), listDevices(), cpuKernels(folder));
        LOG.info("TensorFlow {} loaded offline from {}; computing on {}; CPU kernels: {}", info.version(), folder,
                info.gpu() ? "GPU" : "CPU", info.cpuKernels().description);
        return info;
    }

    /**
     * {@link #bootstrap()} for a process about to train: refuses when TensorFlow runs its oneDNN kernels, which
     * corrupt the heap in the convolution filter gradient on AVX-512 CPUs. It can only happen when the natives were
     * loaded before {@link #bootstrap()} switched oneDNN off (a programming error), or in a benchmark run that asked
     * for oneDNN with {@value #ONEDNN_PROPERTY}{@code =on}.
     */
    public static Info bootstrapForTraining() {
        Info runtime = bootstrap();
        if (runtime.cpuKernels() == CpuKernels.ONEDNN && !oneDnnRequested()) {
            throw new IllegalStateException("TensorFlow runs its oneDNN CPU kernels in this process, which crash "
                    + "training on AVX-512 CPUs; TensorFlow was loaded before TensorFlowRuntime.bootstrap() could "
                    + "switch them off. Start training in a new process, or set " + ONEDNN_VARIABLE + "=0.");
        }
        return runtime;
    }

    private static boolean oneDnnRequested() {
        return "on".equals(System.getProperty(ONEDNN_PROPERTY));
    }

    /** Asks the loaded library what it decided (oneDNN is chosen once, as the natives load). */
    private static CpuKernels cpuKernels(Path folder) {
        Path framework = folder.resolve(System.mapLibraryName("tensorflow_framework") + ".2");
        try {
            int enabled = NativeLibrary.getInstance(framework.toString()).getFunction(IS_ONEDNN_ENABLED_SYMBOL)
                    .invokeInt(new Object[0]);
            return (enabled & 0xFF) != 0 ? CpuKernels.ONEDNN : CpuKernels.TENSORFLOW;
        } catch (UnsatisfiedLinkError e) {
            LOG.warn("could not ask TensorFlow whether its oneDNN kernels are on ({})", e.getMessage());
            return CpuKernels.UNKNOWN;
        }
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
