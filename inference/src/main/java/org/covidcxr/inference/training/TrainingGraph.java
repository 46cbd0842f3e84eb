package org.covidcxr.inference.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.network.Adam;
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
import org.tensorflow.types.TFloat32;

/**
 * The training graph: a training-mode forward pass (batch statistics, moving-average updates) and an
 * inference-mode forward pass over the same variables (validation), class-weighted softmax cross-entropy plus L2
 * weight decay, gradients from {@link Graph#addGradients}, and Adam ({@code ApplyAdam}) with the learning rate fed
 * per step. Every Adam update waits for all gradients, so no update can race a backward read of the same weights
 * (reproducibility).
 *
 * <p>With {@link ShortcutDefences}, two more terms: a source adversary (pooled features → 32 ReLU units → one source
 * softmax per class, so it asks "which source?" within a class) whose loss reaches the network through gradient
 * reversal; and a pairwise ranking loss on log P(COVID-19) over the COVID-19/non-COVID pairs of one source in the
 * batch. Their per-sample and per-pair weights are fed, already normalised, by the trainer; the adversary's variables
 * live apart from the network's, so neither checkpoint export nor weight transfer sees them.
 */
final class TrainingGraph {
    final Placeholder<TFloat32> image;
    final Placeholder<TFloat32> labels;
    final Placeholder<TFloat32> sampleWeights;
    final Placeholder<TFloat32> learningRate;
    /** [N, sources] one-hot source of each image; [N] adversary weights; [N, N] ranking pair weights. */
    final Placeholder<TFloat32> sources;
    final Placeholder<TFloat32> adversaryWeights;
    final Placeholder<TFloat32> pairWeights;
    final Operand<TFloat32> adversaryLoss;
    final Operand<TFloat32> rankingLoss;
    final Operand<TFloat32> loss;
    final Operand<TFloat32> evalLogits;
    final Op trainStep;
    final Parameters parameters;
    final long flopsPerImage;

    /**
     * @param sourceCount number of sources among the training images (the adversary's output size per class)
     */
    TrainingGraph(Graph graph, Architecture architecture, int inputSize, long seed, Set<String> trainedBlocks,
                  float weightDecay, ShortcutDefences defences, int sourceCount) {
        Ops tf = Ops.create(graph);
        image = tf.withName("train_image").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, inputSize, inputSize, 1)));
        labels = tf.withName("train_labels").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, ModelSignature.CLASSES.size())));
        sampleWeights = tf.withName("train_weights").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
        learningRate = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        sources = tf.withName("train_sources").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, Math.max(1, sourceCount))));
        adversaryWeights = tf.withName("adversary_weights").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1)));
        pairWeights = tf.withName("pair_weights").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1)));
        parameters = Parameters.seeded(tf, seed);

        Layers training = new Layers(tf, parameters, trainedBlocks);
        Architecture.Forward forward = architecture.forward(training, image, inputSize);
        Operand<TFloat32> logits = forward.logits();
        Layers inference = new Layers(tf, parameters, Set.of());
        evalLogits = tf.withName("eval_logits").identity(architecture.forward(inference, image, inputSize).logits());
        flopsPerImage = inference.flopsPerImage();

        List<Parameter> trained = new ArrayList<>(parameters.trainable().stream()
                .filter(p -> trainedBlocks.contains(p.block())).toList());
        Operand<TFloat32> crossEntropy = tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss();
        Operand<TFloat32> dataLoss = tf.math.mean(tf.math.mul(crossEntropy, sampleWeights), tf.constant(0));
        if (defences.adversarialWeight() > 0 && sourceCount > 1) {
            Parameters adversary = Parameters.seeded(tf, seed + 1);
            adversaryLoss = adversaryLoss(tf, adversary, pooled(tf, forward), (float) defences.adversarialWeight(),
                    sourceCount);
            trained.addAll(adversary.trainable());
            dataLoss = tf.math.add(dataLoss, adversaryLoss);
        } else {
            adversaryLoss = tf.constant(0f);
        }
        if (defences.rankingWeight() > 0) {
            rankingLoss = rankingLoss(tf, logits);
            dataLoss = tf.math.add(dataLoss, tf.math.mul(tf.constant((float) defences.rankingWeight()), rankingLoss));
        } else {
            rankingLoss = tf.constant(0f);
        }
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
        trainStep = Adam.minimize(tf, trained, gradients, learningRate, training.updates());
    }

    /** Global average of the last block's features (every ensemble member's side by side): [N, C]. */
    private static Operand<TFloat32> pooled(Ops tf, Architecture.Forward forward) {
        List<Operand<TFloat32>> parts = new ArrayList<>();
        for (var f : forward.features()) {
            parts.add(tf.math.mean(f.value(), tf.constant(new int[] {1, 2})));
        }
        return parts.size() == 1 ? parts.get(0) : tf.concat(parts, tf.constant(1));
    }

    /**
     * The adversary's weighted source cross-entropy. Gradient reversal without a custom gradient:
     * {@code stop(f·(1+λ)) − λ·f} equals {@code f} going forward and passes {@code −λ} times the gradient back.
     */
    private Operand<TFloat32> adversaryLoss(Ops tf, Parameters adversary, Operand<TFloat32> features, float lambda,
                                            int sourceCount) {
        int channels = (int) features.shape().size(1);
        int classes = ModelSignature.CLASSES.size();
        int hidden = 32;
        Operand<TFloat32> reversed = tf.math.sub(tf.stopGradient(tf.math.mul(features, tf.constant(1 + lambda))),
                tf.math.mul(features, tf.constant(lambda)));
        Operand<TFloat32> h = tf.nn.relu(tf.nn.biasAdd(tf.linalg.matMul(reversed,
                adversary.get("adversary", "hidden_w", Shape.of(channels, hidden), Init.HE_NORMAL, true)),
                adversary.get("adversary", "hidden_b", Shape.of(hidden), Init.ZEROS, true)));
        Operand<TFloat32> perClass = tf.reshape(tf.nn.biasAdd(tf.linalg.matMul(h,
                adversary.get("adversary", "out_w", Shape.of(hidden, classes * sourceCount), Init.HE_NORMAL, true)),
                adversary.get("adversary", "out_b", Shape.of(classes * sourceCount), Init.ZEROS, true)),
                tf.constant(new int[] {-1, classes, sourceCount}));
        // the row of the image's own class: "which source?" is asked within a class
        Operand<TFloat32> sourceLogits = tf.reduceSum(tf.math.mul(perClass, tf.expandDims(labels, tf.constant(2))),
                tf.constant(1));
        Operand<TFloat32> crossEntropy = tf.nn.softmaxCrossEntropyWithLogits(sourceLogits, sources).loss();
        return tf.withName("adversary_loss").reduceSum(tf.math.mul(crossEntropy, adversaryWeights), tf.constant(0));
    }

    /** Σ w_ij · softplus(−(s_i − s_j)) with s = log P(COVID-19); w_ij > 0 only for COVID-19 i, non-COVID j, same source. */
    private Operand<TFloat32> rankingLoss(Ops tf, Operand<TFloat32> logits) {
        float[] covid = new float[ModelSignature.CLASSES.size()];
        covid[ModelSignature.COVID] = 1;
        Operand<TFloat32> score = tf.reduceSum(tf.math.mul(tf.nn.logSoftmax(logits), tf.constant(covid)),
                tf.constant(1));
        Operand<TFloat32> differences = tf.math.sub(tf.expandDims(score, tf.constant(1)),
                tf.expandDims(score, tf.constant(0)));
        return tf.withName("ranking_loss").reduceSum(tf.math.mul(pairWeights, tf.math.softplus(tf.math.neg(differences))),
                tf.constant(new int[] {0, 1}));
    }
}
