package org.covidcxr.inference.serving;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.covidcxr.dicom.Photometric;
import org.covidcxr.dicom.StudyInfo;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.Preprocessor;
import org.covidcxr.inference.TensorFlowRuntime;
import org.covidcxr.modelstore.ModelCard;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Test fixtures: a SavedModel that follows {@link ModelSignature} but whose Grad-CAM is known in closed form, so
 * registration can be checked exactly. Its "cam" for covid is the input's brightness (unit range) average-pooled over
 * {@code cell x cell} blocks, for normal one minus that, for pneumonia zero; its logits depend on the image too.
 */
final class ContractModels {
    static final String VERSION = "test-pooling-1";
    static final float THRESHOLD = 0.4f;

    private ContractModels() {
    }

    static Path exportPoolingModel(Path dir, int inputSize, int cell) throws IOException {
        TensorFlowRuntime.bootstrap();
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> image = tf.withName(ModelSignature.INPUT_IMAGE).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, inputSize, inputSize, 1)));
            Operand<TFloat32> unit = tf.math.add(tf.math.mul(image, tf.constant(Preprocessor.STD)),
                    tf.constant(Preprocessor.MEAN));
            List<Long> window = List.of(1L, (long) cell, (long) cell, 1L);
            Operand<TFloat32> pooled = tf.nn.avgPool(unit, window, window, "VALID");
            Operand<TFloat32> mean = tf.reshape(tf.math.mean(unit, tf.constant(new int[] {1, 2, 3})),
                    tf.constant(new int[] {-1, 1}));
            Operand<TFloat32> logits = tf.concat(List.of(tf.math.mul(mean, tf.constant(4f)),
                    tf.math.sub(tf.constant(1f), mean), tf.math.mul(mean, tf.constant(-2f))), tf.constant(1));
            Operand<TFloat32> probabilities = tf.nn.softmax(tf.math.div(logits, tf.constant(1.5f)));
            Operand<TFloat32> nchw = tf.linalg.transpose(pooled, tf.constant(new int[] {0, 3, 1, 2}));
            Operand<TFloat32> cam = tf.concat(List.of(nchw, tf.math.sub(tf.constant(1f), nchw),
                    tf.math.mul(nchw, tf.constant(0f))), tf.constant(1));
            Signature signature = Signature.builder(ModelSignature.SIGNATURE)
                    .input(ModelSignature.INPUT_IMAGE, image)
                    .output(ModelSignature.OUTPUT_PROBABILITIES, tf.identity(probabilities))
                    .output(ModelSignature.OUTPUT_LOGITS, tf.identity(logits))
                    .output(ModelSignature.OUTPUT_CAM, tf.identity(cam))
                    .build();
            SavedModelBundle.exporter(dir.toString()).withTags(ModelSignature.TAG).withSession(session)
                    .withSignature(signature).export();
        }
        return dir;
    }

    static ModelCard card(int inputSize) {
        return new ModelCard(VERSION, "pooling-fixture", ModelSignature.CLASSES,
                new ModelCard.InputSpec(inputSize, inputSize, 1, ModelCard.InputSpec.DEFAULT_TENSOR_NAME,
                        ModelCard.InputSpec.DEFAULT_DTYPE),
                new ModelCard.Preprocessing(new Preprocessor(inputSize).description(), Map.of()), THRESHOLD, 1.5,
                null, Map.of(), ModelCard.DEFAULT_INTENDED_USE, List.of(), null, Instant.EPOCH, "test", "");
    }

    /** A dark image with one bright rectangle [x0, x1) x [y0, y1) and a faint gradient so percentiles differ. */
    static XrayImage imageWithBlob(int width, int height, int x0, int y0, int x1, int y1) {
        float[] values = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean inside = x >= x0 && x < x1 && y >= y0 && y < y1;
                values[y * width + x] = inside ? 1000f : 100f + (x + y) % 7;
            }
        }
        return new XrayImage(width, height, values, Photometric.MONOCHROME2, List.of(), Optional.empty(), 12, 1,
                StudyInfo.none(false));
    }
}
