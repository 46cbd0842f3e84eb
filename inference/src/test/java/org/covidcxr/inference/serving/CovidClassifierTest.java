package org.covidcxr.inference.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.PreparedImage;
import org.covidcxr.inference.Preprocessor;
import org.covidcxr.modelstore.ModelCard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** DJL serving on a real SavedModel whose Grad-CAM is known in closed form (see {@link ContractModels}). */
class CovidClassifierTest {
    private static final int INPUT = 64;
    private static final int CELL = 8;

    @TempDir
    static Path temp;
    static Path savedModel;
    static CovidClassifier classifier;

    @BeforeAll
    static void openModel() throws Exception {
        savedModel = ContractModels.exportPoolingModel(temp.resolve("saved_model"), INPUT, CELL);
        classifier = CovidClassifier.open(savedModel, ContractModels.card(INPUT));
    }

    @AfterAll
    static void closeModel() {
        classifier.close();
    }

    /** 256 x 128 fits 64 px at scale 1/4 with 16 rows of padding above; this blob fills grid cell (col 5, row 3). */
    private static XrayImage wideImageWithBlob() {
        return ContractModels.imageWithBlob(256, 128, 160, 32, 192, 64);
    }

    @Test
    void heatMapsHaveTheOriginalGeometryAndPeakOnTheBlob() {
        XrayImage image = wideImageWithBlob();

        Diagnosis d = classifier.diagnose(image);

        assertThat(d.classes()).isEqualTo(ModelSignature.CLASSES);
        assertThat(d.modelVersion()).isEqualTo(ContractModels.VERSION);
        for (HeatMap map : d.heatMaps()) {
            assertThat(map.width()).isEqualTo(256);
            assertThat(map.height()).isEqualTo(128);
        }
        HeatMap covid = d.heatMap("covid");
        assertThat(covid.max()).isEqualTo(1f);
        int peak = argmax(covid);
        int px = peak % 256;
        int py = peak / 256;
        // Grid cell (5, 3) is centred on input (44, 28) = original (175.5, 47.5): the peak is on the pixels around it.
        assertThat(px).isBetween(175, 176);
        assertThat(py).isBetween(47, 48);
        // Registered exactly: the blob's centre is hot, a point a blob-width away is cold.
        assertThat(covid.value(176, 48)).isEqualTo(1f);
        assertThat(covid.value(100, 48)).isLessThan(0.05f);
        // "normal" is one minus brightness: coldest on the blob. "pneumonia" has no evidence: all zero.
        assertThat(d.heatMap("normal").value(176, 48)).isLessThan(d.heatMap("normal").value(20, 100));
        assertThat(d.heatMap("pneumonia").max()).isZero();
    }

    @Test
    void probabilitiesAndMapsMatchTheTensorFlowSessionThatExportedTheModel() {
        XrayImage image = wideImageWithBlob();
        PreparedImage prepared = new Preprocessor(INPUT).prepare(image);

        Diagnosis d = classifier.diagnose(image);

        try (SavedModelBundle bundle = SavedModelBundle.load(savedModel.toString(), ModelSignature.TAG);
             TFloat32 input = TFloat32.tensorOf(Shape.of(1, INPUT, INPUT, 1), DataBuffers.of(prepared.pixels()));
             Result result = bundle.function(ModelSignature.SIGNATURE)
                     .call(java.util.Map.of(ModelSignature.INPUT_IMAGE, input))) {
            float[] probabilities = floats(result.get(ModelSignature.OUTPUT_PROBABILITIES).orElseThrow());
            float[] logits = floats(result.get(ModelSignature.OUTPUT_LOGITS).orElseThrow());
            assertThat(d.probabilities()).containsExactly(probabilities, within(1e-5f));
            assertThat(d.logits()).containsExactly(logits, within(1e-5f));
            float[] cam = floats(result.get(ModelSignature.OUTPUT_CAM).orElseThrow());
            HeatMap expected = CamRegistration.register(cam, 0, INPUT / CELL, INPUT / CELL, prepared.letterbox());
            assertThat(d.heatMap("covid").cells()).containsExactly(expected.cells(), within(1e-5f));
        }
        assertThat(d.covidProbability()).isEqualTo(d.probabilities()[0]);
        assertThat(d.verdict()).isEqualTo(d.covidProbability() >= ContractModels.THRESHOLD ? Verdict.SUSPECTED
                : Verdict.NOT_SUSPECTED);
        assertThat(d.confidentThreshold()).as("a card without a selective verdict has no indeterminate band")
                .isEqualTo(d.operatingThreshold());
        assertThat(d.operatingThreshold()).isEqualTo(ContractModels.THRESHOLD);
    }

    @Test
    void batchesAndScoresGiveTheSameAnswersAsSingleCallsForImagesOfDifferentShapes() {
        List<XrayImage> images = List.of(wideImageWithBlob(), ContractModels.imageWithBlob(90, 180, 10, 120, 50, 170),
                ContractModels.imageWithBlob(64, 64, 0, 0, 64, 8));

        List<Diagnosis> batch = classifier.diagnoseAll(images);

        assertThat(batch).hasSize(3);
        for (int i = 0; i < images.size(); i++) {
            Diagnosis single = classifier.diagnose(images.get(i));
            assertThat(batch.get(i).probabilities()).containsExactly(single.probabilities(), within(1e-5f));
            HeatMap map = batch.get(i).heatMap("covid");
            assertThat(map.width()).isEqualTo(images.get(i).width());
            assertThat(map.height()).isEqualTo(images.get(i).height());
            assertThat(map.cells()).containsExactly(single.heatMap("covid").cells(), within(1e-5f));
        }
        assertThat(classifier.diagnoseAll(List.of())).isEmpty();
        List<ClassScores> scores = classifier.scoreAll(images);
        for (int i = 0; i < images.size(); i++) {
            assertThat(scores.get(i).probabilities()).containsExactly(batch.get(i).probabilities(), within(1e-6f));
            assertThat(scores.get(i).logits()).containsExactly(batch.get(i).logits(), within(1e-6f));
        }
    }

    @Test
    void servesSeveralThreadsAtOnce() throws Exception {
        XrayImage image = wideImageWithBlob();
        float[] expected = classifier.diagnose(image).probabilities();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Diagnosis>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                futures.add(pool.submit(() -> classifier.diagnose(image)));
            }
            for (Future<Diagnosis> f : futures) {
                assertThat(f.get().probabilities()).containsExactly(expected, within(1e-6f));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void staysOfflineAndSaysWhichDevice() {
        // TensorFlowRuntime switched DJL to offline mode before the engine started: nothing can download.
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
        assertThat(classifier.gpu()).isEqualTo(org.covidcxr.inference.TensorFlowRuntime.bootstrap().gpu());
    }

    @Test
    void refusesAFolderWithoutSavedModelAndACardOfAnotherContract(@TempDir Path empty) throws Exception {
        assertThatThrownBy(() -> CovidClassifier.open(empty, ContractModels.card(INPUT)))
                .isInstanceOf(ServingException.class).hasMessageContaining("saved_model.pb is missing");
        ModelCard card = ContractModels.card(INPUT);
        ModelCard wrongClasses = new ModelCard(card.version(), card.architecture(), List.of("normal", "covid"),
                card.input(), card.preprocessing(), card.operatingThreshold(), card.temperature(),
                card.trainingData(), card.metrics(), card.intendedUse(), card.limitations(), null,
                card.createdAt(), card.createdBy(), card.notes());
        assertThatThrownBy(() -> CovidClassifier.open(savedModel, wrongClasses))
                .isInstanceOf(ServingException.class).hasMessageContaining("expects [covid, normal, pneumonia]");
        assertThatThrownBy(() -> CovidClassifier.open(savedModel, ContractModels.card(96)))
                .isInstanceOf(ServingException.class)
                .hasMessageContaining("its input is (-1, 64, 64, 1) but the model card says 96 x 96 px");
        Files.writeString(empty.resolve("saved_model.pb"), "not a protobuf");
        assertThatThrownBy(() -> CovidClassifier.open(empty, card))
                .isInstanceOf(ServingException.class).hasMessageContaining("could not be loaded");
    }

    @Test
    void aClosedClassifierSaysSo() throws Exception {
        CovidClassifier other = CovidClassifier.open(savedModel, ContractModels.card(INPUT));
        other.diagnose(wideImageWithBlob());
        other.close();
        other.close();
        assertThatThrownBy(() -> other.diagnose(wideImageWithBlob()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    /** The hottest image pixel, as {@code y * width + x}. */
    /**
     * Grad-CAM maps of a 2000 × 2000 radiograph stay at the network's grid: the diagnosis allocates what its
     * preprocessing does plus less than one full-size float map (it used to make three, 48 MB).
     */
    @Test
    void aLargeRadiographsMapsStayAtTheirGrid() {
        XrayImage large = ContractModels.imageWithBlob(2000, 2000, 200, 1200, 700, 1700);
        classifier.diagnose(large); // the first call on a thread sets up its predictor
        long preprocessing = allocatedBy(() -> new Preprocessor(INPUT).prepare(large));
        Diagnosis[] d = new Diagnosis[1];
        long diagnosis = allocatedBy(() -> d[0] = classifier.diagnose(large));

        assertThat(d[0].heatMaps()).allSatisfy(map -> {
            assertThat(map.width()).isEqualTo(2000);
            assertThat(map.cells()).hasSize((INPUT / CELL) * (INPUT / CELL));
        });
        assertThat(diagnosis - preprocessing).as("bytes allocated beyond preprocessing")
                .isLessThan(2000L * 2000 * Float.BYTES);
    }

    private static long allocatedBy(Runnable work) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        work.run();
        return threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    }

    private static int argmax(HeatMap map) {
        int best = 0;
        for (int i = 1; i < map.width() * map.height(); i++) {
            if (map.value(i % map.width(), i / map.width()) > map.value(best % map.width(), best / map.width())) {
                best = i;
            }
        }
        return best;
    }

    private static float[] floats(Tensor tensor) {
        TFloat32 t = (TFloat32) tensor;
        float[] out = new float[(int) t.shape().size()];
        t.asRawTensor().data().asFloats().read(out);
        return out;
    }
}
