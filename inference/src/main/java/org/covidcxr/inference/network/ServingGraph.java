package org.covidcxr.inference.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.covidcxr.inference.ModelSignature;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Stack;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * The graph every published model serves ({@link ModelSignature}): inference-mode forward pass, probabilities
 * calibrated by a temperature held as a constant in the graph, and Grad-CAM for every class computed in the graph.
 *
 * <p>Grad-CAM (Selvaraju et al. 2017) for class c: {@code A} = the last convolutional block's activations
 * [N, h, w, K]; {@code g = d logit_c / d A} (through {@link Graph#addGradients}; the batch sum of the class's
 * logits is differentiated, which gives each image its own gradient because inference-mode images do not
 * interact); channel weights {@code alpha = mean over h, w of g}; {@code cam_c = ReLU(sum_k alpha_k A_k)}.
 * Not normalised, so a consumer can compare classes; cam is [N, 3, h, w].
 */
public final class ServingGraph {

    /** The graph's model, inputs and outputs. */
    public record Built(Signature signature, long flopsPerImage, int camSize) {
    }

    private ServingGraph() {
    }

    public static Built build(Graph graph, Architecture architecture, Parameters parameters, int inputSize,
                              float temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, was " + temperature);
        }
        Ops tf = Ops.create(graph);
        Placeholder<TFloat32> image = tf.withName(ModelSignature.INPUT_IMAGE).placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, inputSize, inputSize, 1)));
        Layers layers = new Layers(tf, parameters, Set.of());
        Architecture.Forward forward = architecture.forward(layers, image, inputSize);
        Operand<TFloat32> logits = tf.withName(ModelSignature.OUTPUT_LOGITS).identity(forward.logits());
        Operand<TFloat32> probabilities = tf.withName(ModelSignature.OUTPUT_PROBABILITIES)
                .nn.softmax(tf.math.div(logits, tf.constant(temperature)));
        Operand<TFloat32> cam = tf.withName(ModelSignature.OUTPUT_CAM).stack(gradCams(graph, tf, logits,
                forward.features()), Stack.axis(1L));
        Signature signature = Signature.builder().key(ModelSignature.SIGNATURE)
                .input(ModelSignature.INPUT_IMAGE, image)
                .output(ModelSignature.OUTPUT_PROBABILITIES, probabilities)
                .output(ModelSignature.OUTPUT_LOGITS, logits)
                .output(ModelSignature.OUTPUT_CAM, cam)
                .build();
        return new Built(signature, layers.flopsPerImage(), forward.features().get(0).height());
    }

    /** Features of several parts (ensemble members) count as one layer: their weighted sums add up before the ReLU. */
    private static List<Operand<TFloat32>> gradCams(Graph graph, Ops tf, Operand<TFloat32> logits,
                                                    List<Activation> features) {
        Output<?>[] layer = features.stream().map(a -> a.value().asOutput()).toArray(Output<?>[]::new);
        List<Operand<TFloat32>> cams = new ArrayList<>();
        for (int c = 0; c < ModelSignature.CLASSES.size(); c++) {
            Operand<TFloat32> classLogits = tf.gather(logits, tf.constant(c), tf.constant(1));
            Operand<TFloat32> total = tf.reduceSum(classLogits, tf.constant(0));
            Output<?>[] gradients = graph.addGradients("gradcam_" + ModelSignature.CLASSES.get(c),
                    new Output<?>[] {total.asOutput()}, layer, null);
            List<Operand<TFloat32>> weightedSums = new ArrayList<>();
            for (int part = 0; part < layer.length; part++) {
                @SuppressWarnings("unchecked")
                Operand<TFloat32> gradient = (Operand<TFloat32>) gradients[part];
                Operand<TFloat32> alpha = tf.math.mean(gradient, tf.constant(new int[] {1, 2}), Mean.keepDims(true));
                weightedSums.add(tf.reduceSum(tf.math.mul(features.get(part).value(), alpha), tf.constant(3)));
            }
            cams.add(tf.nn.relu(weightedSums.size() == 1 ? weightedSums.get(0) : tf.math.addN(weightedSums)));
        }
        return cams;
    }
}
