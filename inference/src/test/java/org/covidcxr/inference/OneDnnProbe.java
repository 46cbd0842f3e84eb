package org.covidcxr.inference;

import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;
import org.covidcxr.inference.training.BlobImages;
import org.covidcxr.inference.training.TrainingConfig;
import org.covidcxr.inference.training.TrainingListener;
import org.covidcxr.inference.training.TrainingRun;
import org.tensorflow.internal.c_api.global.tensorflow;

/**
 * Run by {@link OneDnnSafetyTest} in a JVM of its own: {@code kernels} prints which CPU kernels TensorFlow chose;
 * {@code load-then-train DIR} loads TensorFlow's natives directly, behind {@link TensorFlowRuntime}'s back, then
 * trains a tiny ResNet (its 1 × 1 stride-2 shortcuts have 8 input channels, the shape whose weight gradient corrupts
 * the heap under oneDNN). Exit 3: training was refused.
 */
public final class OneDnnProbe {
    private OneDnnProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "kernels" -> System.out.println("cpuKernels=" + TensorFlowRuntime.bootstrap().cpuKernels());
            case "load-then-train" -> {
                Loader.load(tensorflow.class);
                train(Path.of(args[1]));
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void train(Path folder) throws Exception {
        TrainingConfig config = TrainingConfig.builder(BlobImages.classFolders(folder.resolve("data"), 40, 48, 1),
                folder.resolve("run")).width(4).inputSize(48).epochs(1).batchSize(8).threads(2).build();
        try {
            TrainingRun.execute(config, false, Optional.of("probe"), new TrainingListener() { });
        } catch (IllegalStateException e) {
            System.out.println("refused: " + e.getMessage());
            System.exit(3);
        }
        System.out.println("trained");
    }
}
