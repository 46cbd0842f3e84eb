package org.covidcxr.inference.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.network.Architecture;

/**
 * Everything a training run depends on; recorded in the run's state so a resume continues the same run.
 *
 * @param data           a data set in any layout {@link Datasets} reads
 * @param out            run folder: checkpoints, state, the exported bundle
 * @param architecture   {@code resnet} or {@code vgg}
 * @param width          base width (channels of the stem)
 * @param inputSize      side of the square network input
 * @param epochs         maximum epochs
 * @param batchSize      images per step (the last incomplete batch of an epoch is skipped)
 * @param learningRate   peak learning rate of the cosine schedule
 * @param weightDecay    L2 factor on convolution and dense weights
 * @param patience       epochs without a better validation macro AUROC before stopping early
 * @param seed           seeds initialisation, shuffling and augmentation
 * @param threads        TensorFlow intra-op threads (and image-reading threads); results repeat exactly for a given
 *                       seed and thread count on the same machine
 * @param initFrom       a bundle folder whose weights start the run (fine-tuning)
 * @param freezeBackbone with {@code initFrom}: train only the last convolutional block and the classifier
 * @param limitPerClass  use at most this many images per class and split (0: all); for quick runs
 * @param augment        seeded augmentation of training images (off: the network sees each image as preprocessed)
 * @param defences       training options against the source shortcut ({@link ShortcutDefences}); the augmenting ones
 *                       need {@code augment}
 * @param selectOn       what picks the best epoch and stops early
 */
public record TrainingConfig(Path data, Path out, String architecture, int width, int inputSize, int epochs,
                             int batchSize, double learningRate, double weightDecay, int patience, long seed,
                             int threads, Optional<Path> initFrom, boolean freezeBackbone, int limitPerClass,
                             boolean augment, ShortcutDefences defences, EpochSelection selectOn) {

    public static final int DEFAULT_INPUT_SIZE = 160;
    public static final int DEFAULT_WIDTH = 16;

    public TrainingConfig {
        List<String> wrong = new ArrayList<>();
        atLeast(wrong, "epochs", epochs, 1);
        atLeast(wrong, "batch size", batchSize, 2);
        atLeast(wrong, "input size", inputSize, 32);
        atLeast(wrong, "network width", width, 1);
        atLeast(wrong, "threads", threads, 1);
        atLeast(wrong, "patience", patience, 1);
        if (!(learningRate > 0)) {
            wrong.add("learning rate must be positive, was " + learningRate);
        }
        if (weightDecay < 0 || limitPerClass < 0) {
            wrong.add("weight decay and images per class must not be negative");
        }
        if (!wrong.isEmpty()) {
            throw new IllegalArgumentException("invalid training settings: " + String.join("; ", wrong) + ".");
        }
        java.util.Objects.requireNonNull(defences, "defences");
        java.util.Objects.requireNonNull(selectOn, "selectOn");
        if (freezeBackbone && initFrom.isEmpty()) {
            throw new IllegalArgumentException("freezing the backbone needs a model to start from (--init-from)");
        }
    }

    public static Builder builder(Path data, Path out) {
        return new Builder(data, out);
    }

    /**
     * The settings that decide what a run computes with {@code architecture}, as recorded in its state: a resume
     * must match them. The data folder and the thread count are left out, so a moved run folder or another core
     * count can still continue (the latter may change the last digits).
     */
    public Map<String, String> runSettings(Architecture architecture) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("architecture", architecture.cardName());
        m.put("inputSize", String.valueOf(inputSize));
        m.put("epochs", String.valueOf(epochs));
        m.put("batchSize", String.valueOf(batchSize));
        m.put("learningRate", String.valueOf(learningRate));
        m.put("weightDecay", String.valueOf(weightDecay));
        m.put("patience", String.valueOf(patience));
        m.put("seed", String.valueOf(seed));
        m.put("startModel", initFrom.map(p -> p.getFileName().toString()).orElse("none"));
        m.put("freezeBackbone", String.valueOf(freezeBackbone));
        m.put("limitPerClass", String.valueOf(limitPerClass));
        m.put("augment", String.valueOf(augment));
        defences.addTo(m); // only options that are on: runs recorded before they existed resume unchanged
        if (selectOn != EpochSelection.MACRO_AUROC) {
            m.put("selectOn", selectOn.optionValue());
        }
        return m;
    }

    private static void atLeast(List<String> wrong, String name, long value, long minimum) {
        if (value < minimum) {
            wrong.add(name + " must be at least " + minimum + ", was " + value);
        }
    }

    public Path checkpointDirectory() {
        return out.resolve("checkpoints");
    }

    public Path bundleDirectory() {
        return out.resolve("bundle");
    }

    /** Defaults: ResNet, width 16, 160 px, 40 epochs, batch 32, learning rate 1e-3 (1e-4 when fine-tuning). */
    public static final class Builder {
        private final Path data;
        private final Path out;
        private String architecture = "resnet";
        private int width = DEFAULT_WIDTH;
        private int inputSize = DEFAULT_INPUT_SIZE;
        private int epochs = 40;
        private int batchSize = 32;
        private Double learningRate;
        private double weightDecay = 1e-4;
        private int patience = 8;
        private long seed = 1;
        private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        private Path initFrom;
        private boolean freezeBackbone;
        private int limitPerClass;
        private boolean augment = true;
        private ShortcutDefences defences = ShortcutDefences.NONE;
        private EpochSelection selectOn = EpochSelection.MACRO_AUROC;

        private Builder(Path data, Path out) {
            this.data = data;
            this.out = out;
        }

        public Builder architecture(String v) { architecture = v; return this; }
        public Builder width(int v) { width = v; return this; }
        public Builder inputSize(int v) { inputSize = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder initFrom(Path v) { initFrom = v; return this; }
        public Builder freezeBackbone(boolean v) { freezeBackbone = v; return this; }
        public Builder limitPerClass(int v) { limitPerClass = v; return this; }
        public Builder augment(boolean v) { augment = v; return this; }
        public Builder defences(ShortcutDefences v) { defences = v; return this; }
        public Builder selectOn(EpochSelection v) { selectOn = v; return this; }

        public TrainingConfig build() {
            double lr = learningRate != null ? learningRate : initFrom != null ? 1e-4 : 1e-3;
            return new TrainingConfig(data, out, architecture, width, inputSize, epochs, batchSize, lr, weightDecay,
                    patience, seed, threads, Optional.ofNullable(initFrom), freezeBackbone, limitPerClass, augment,
                    defences, selectOn);
        }
    }
}
