package org.covidcxr.inference.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.network.Architecture;
import org.covidcxr.inference.network.Layers;
import org.covidcxr.inference.network.Parameters;
import org.covidcxr.inference.network.Parameters.Init;
import org.covidcxr.inference.network.Parameters.Parameter;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The training graph: a training-mode forward pass (batch statistics, moving-average updates) and an
 * inference-mode forward pass over the same variables (validation), class-weighted softmax cross-entropy plus L2
 * weight decay, gradients from {@link Graph#addGradients}, and Adam ({@code ApplyAdam}) with the learning rate fed
 * per step. Every Adam update waits for all gradients, so no update can race a backward read of the same weights
 * (reproducibility).
 */
final class TrainingGraph {
    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-7f;

    final Placeholder<TFloat32> image;
    final Placeholder<TFloat32> labels;
    final Placeholder<TFloat32> sampleWeights;
    final Placeholder<TFloat32> learningRate;
    final Operand<TFloat32> loss;
    final Operand<TFloat32> evalLogits;
    final Op trainStep;
    final Parameters parameters;
    final long flopsPerImage;

    TrainingGraph(Graph graph, Architecture architecture, int inputSize, long seed, Set<String> trainedBlocks,
                  float weightDecay) {
        Ops tf = Ops.create(graph);
        image = tf.withName("train_image").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, inputSize, inputSize, 1)));
        labels = tf.withName("train_labels").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, ModelSignature.CLASSES.size())));
        sampleWeights = tf.withName("train_weights").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
        learningRate = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        parameters = Parameters.seeded(tf, seed);

        Layers training = new Layers(tf, parameters, trainedBlocks);
        Operand<TFloat32> logits = architecture.forward(training, image, inputSize).logits();
        Layers inference = new Layers(tf, parameters, Set.of());
        evalLogits = tf.withName("eval_logits").identity(architecture.forward(inference, image, inputSize).logits());
        flopsPerImage = inference.flopsPerImage();

        List<Parameter> trained = parameters.trainable().stream()
                .filter(p -> trainedBlocks.contains(p.block())).toList();
        Operand<TFloat32> crossEntropy = tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss();
        Operand<TFloat32> dataLoss = tf.math.mean(tf.math.mul(crossEntropy, sampleWeights), tf.constant(0));
        List<Operand<TFloat32>> decay = new ArrayList<>();
        for (Parameter p : trained) {
            if (p.decayed()) {
                decay.add(tf.nn.l2Loss(p.variable()));
            }
        }
        loss = tf.withName("loss").math.add(dataLoss, decay.isEmpty() ? tf.constant(0f)
                : tf.math.mul(tf.constant(weightDecay), tf.math.addN(decay)));

        Output<?>[] gradients = graph.addGradients("train_gradients", new Output<?>[] {loss.asOutput()},
                trained.stream().map(p -> p.variable().asOutput()).toArray(Output<?>[]::new), null);
        trainStep = adam(tf, trained, gradients, training.updates());
    }

    private Op adam(Ops tf, List<Parameter> trained, Output<?>[] gradients, List<Op> batchNormUpdates) {
        Parameters slots = Parameters.seeded(tf, 0);
        Variable<TFloat32> beta1Power = slots.get("adam", "beta1_power", Shape.scalar(), Init.ONES, false);
        Variable<TFloat32> beta2Power = slots.get("adam", "beta2_power", Shape.scalar(), Init.ONES, false);
        // powers start at 1 and are multiplied before use, so step t uses beta^t as ApplyAdam expects
        Operand<TFloat32> b1 = tf.math.mul(beta1Power, tf.constant(BETA1));
        Operand<TFloat32> b2 = tf.math.mul(beta2Power, tf.constant(BETA2));
        List<Op> allGradients = new ArrayList<>();
        for (Output<?> g : gradients) {
            allGradients.add(tf.identity(g));
        }
        Ops afterGradients = tf.withControlDependencies(allGradients);
        List<Op> applies = new ArrayList<>();
        for (int i = 0; i < trained.size(); i++) {
            Parameter p = trained.get(i);
            String slot = p.block() + "_" + p.name();
            Variable<TFloat32> m = slots.get("adam", slot + "_m", p.shape(), Init.ZEROS, false);
            Variable<TFloat32> v = slots.get("adam", slot + "_v", p.shape(), Init.ZEROS, false);
            @SuppressWarnings("unchecked")
            Operand<TFloat32> gradient = (Operand<TFloat32>) gradients[i];
            applies.add(afterGradients.train.applyAdam(p.variable(), m, v, b1, b2, learningRate,
                    tf.constant(BETA1), tf.constant(BETA2), tf.constant(EPSILON), gradient));
        }
        Ops afterApplies = tf.withControlDependencies(applies);
        List<Op> finals = new ArrayList<>(batchNormUpdates);
        finals.add(afterApplies.assign(beta1Power, b1));
        finals.add(afterApplies.assign(beta2Power, b2));
        return tf.withControlDependencies(finals).withName("train_step").noOp();
    }
}
