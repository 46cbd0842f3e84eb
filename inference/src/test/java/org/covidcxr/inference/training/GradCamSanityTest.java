package org.covidcxr.inference.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.covidcxr.dicom.XrayImageReader;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.Preprocessor;
import org.covidcxr.inference.network.Architecture;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Grad-CAM sanity checks (Adebayo et al. 2018) on a tiny ResNet trained end to end ({@link TrainingRun}) to tell
 * images with one bright blob ("covid") from images without ("normal"): the map peaks on the blob, and it differs
 * clearly from the map of the same network with random weights. The same run shows that training lowers the loss
 * and that fine-tuning with a frozen backbone changes only the last block and the classifier.
 */
class GradCamSanityTest {
    static final int SIZE = 96;
    /** Input pixels per Grad-CAM cell (the last block works at 1/16 of the input). */
    static final int CELL = 16;

    @TempDir
    static Path tmp;
    static ModelBundle trained;
    static TrainingState state;

    @BeforeAll
    static void trainBlobDetector() throws IOException {
        BlobImages.classFolders(tmp.resolve("data"), 70, SIZE, 3);
        TrainingConfig config = TrainingConfig.builder(tmp.resolve("data"), tmp.resolve("run")).width(4)
                .inputSize(SIZE).epochs(10).batchSize(16).learningRate(3e-3).threads(2).seed(5).build();
        trained = TrainingRun.execute(config, false, Optional.of("blob-1"), new TrainingListener() { });
        state = TrainingState.read(config.checkpointDirectory()).orElseThrow();
    }

    @Test
    void trainingLowersTheLossAndLearnsTheTask() {
        List<TrainingState.EpochResult> h = state.history();
        assertThat(h.get(h.size() - 1).trainLoss()).isLessThan(0.5 * h.get(0).trainLoss());
        assertThat(state.bestAuroc()).isGreaterThan(0.95);
        assertThat(ModelBundles.verify(trained.directory()).ok()).isTrue();
    }

    @Test
    void camPeaksOnTheBlobAndDiffersFromTheCamOfRandomWeights() throws Exception {
        Path random = tmp.resolve("random");
        SavedModelExporter.export(Architecture.byName("resnet", 4), SIZE, 1f,
                new SavedModelExporter.Weights.Random(5), random);
        Random r = new Random(99);
        int onBlob = 0;
        double correlationSum = 0;
        int n = 12;
        for (int i = 0; i < n; i++) {
            int bx = 16 + r.nextInt(64);
            int by = 16 + r.nextInt(64);
            Path file = tmp.resolve("probe" + i + ".png");
            BlobImages.write(file, BlobImages.image(r, SIZE, true, bx, by));
            float[] input = new Preprocessor(SIZE).prepare(XrayImageReader.read(file)).pixels();
            float[] cam = covidCam(trained.savedModelDirectory(), input);
            int peak = argMax(cam);
            int side = SIZE / CELL;
            if (Math.abs(peak % side - bx / CELL) <= 1 && Math.abs(peak / side - by / CELL) <= 1) {
                onBlob++;
            }
            correlationSum += spearman(cam, covidCam(random, input));
        }
        assertThat(onBlob).as("maps peaking within one cell of the blob").isGreaterThanOrEqualTo(n - 1);
        assertThat(correlationSum / n).as("mean rank correlation with the random-weights map").isLessThan(0.5);
    }

    @Test
    void fineTuningWithAFrozenBackboneChangesOnlyTheLastBlockAndTheClassifier() {
        TrainingConfig config = TrainingConfig.builder(tmp.resolve("data"), tmp.resolve("finetune"))
                .initFrom(trained.directory()).freezeBackbone(true).epochs(1).batchSize(16).threads(2).seed(6)
                .build();
        ModelBundle tuned = TrainingRun.execute(config, false, Optional.of("blob-2"), new TrainingListener() { });

        assertThat(tuned.card().parentVersion()).isEqualTo("blob-1");
        assertThat(variable(tuned, "stem.conv_w")).containsExactly(variable(trained, "stem.conv_w"));
        assertThat(variable(tuned, "stage2.bn1_mean")).containsExactly(variable(trained, "stage2.bn1_mean"));
        assertThat(variable(tuned, "head.dense_w")).isNotEqualTo(variable(trained, "head.dense_w"));
        assertThat(variable(tuned, "stage3.conv2_w")).isNotEqualTo(variable(trained, "stage3.conv2_w"));
    }

    private static float[] variable(ModelBundle bundle, String name) {
        try (SavedModelBundle b = SavedModelBundle.load(bundle.savedModelDirectory().toString(), ModelSignature.TAG);
             Result r = b.session().runner().fetch(name).run()) {
            TFloat32 t = (TFloat32) r.get(0);
            float[] out = new float[(int) t.shape().size()];
            t.copyTo(DataBuffers.of(out, false, false));
            return out;
        }
    }

    private static float[] covidCam(Path savedModel, float[] input) {
        try (SavedModelBundle b = SavedModelBundle.load(savedModel.toString(), ModelSignature.TAG);
             TFloat32 x = TFloat32.tensorOf(Shape.of(1, SIZE, SIZE, 1), DataBuffers.of(input, true, false));
             Result result = b.function(ModelSignature.SIGNATURE).call(Map.of(ModelSignature.INPUT_IMAGE, x))) {
            TFloat32 cam = (TFloat32) result.get(ModelSignature.OUTPUT_CAM).orElseThrow();
            int side = (int) cam.shape().get(2);
            float[] out = new float[side * side];
            for (int y = 0; y < side; y++) {
                for (int xx = 0; xx < side; xx++) {
                    out[y * side + xx] = cam.getFloat(0, ModelSignature.COVID, y, xx);
                }
            }
            return out;
        }
    }

    static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }

    /** Spearman's rank correlation with average ranks for ties (ReLU'd maps have many zeros). */
    static double spearman(float[] a, float[] b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double ma = Arrays.stream(ra).average().orElse(0);
        double mb = Arrays.stream(rb).average().orElse(0);
        double num = 0;
        double da = 0;
        double db = 0;
        for (int i = 0; i < ra.length; i++) {
            num += (ra[i] - ma) * (rb[i] - mb);
            da += (ra[i] - ma) * (ra[i] - ma);
            db += (rb[i] - mb) * (rb[i] - mb);
        }
        return da == 0 || db == 0 ? 0 : num / Math.sqrt(da * db);
    }

    private static double[] ranks(float[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Float.compare(v[x], v[y]));
        double[] ranks = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = (i + j) / 2.0;
            }
            i = j + 1;
        }
        return ranks;
    }
}
