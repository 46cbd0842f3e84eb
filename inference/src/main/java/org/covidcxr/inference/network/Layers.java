package org.covidcxr.inference.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.covidcxr.inference.network.Parameters.Init;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Building blocks of one forward pass (NHWC, "SAME" padding) over shared {@link Parameters}. Batch normalisation
 * normalises with batch statistics and queues moving-average updates ({@link #updates()}) for blocks in
 * {@code trainingBlocks}; every other block uses the moving averages (inference, or a frozen block when fine-tuning).
 * Counts multiply-accumulates so the network's FLOPs are known without profiling. {@link #member(String)} gives
 * a view whose block names carry a prefix, so several networks (an {@link Ensemble}'s members) share one graph.
 */
public final class Layers {
    static final float BN_EPSILON = 1e-3f;
    /** Weight of the current batch in the moving averages (Keras momentum 0.9). */
    static final float BN_AVERAGE_FACTOR = 0.1f;

    private final Ops tf;
    private final Parameters parameters;
    private final Set<String> trainingBlocks;
    private final String blockPrefix;
    private final Totals totals;

    /** What every view of one forward pass adds to. */
    private static final class Totals {
        private final List<Op> updates = new ArrayList<>();
        private long macs;
    }

    public Layers(Ops tf, Parameters parameters, Set<String> trainingBlocks) {
        this(tf, parameters, Set.copyOf(trainingBlocks), "", new Totals());
    }

    private Layers(Ops tf, Parameters parameters, Set<String> trainingBlocks, String blockPrefix, Totals totals) {
        this.tf = tf;
        this.parameters = parameters;
        this.trainingBlocks = trainingBlocks;
        this.blockPrefix = blockPrefix;
        this.totals = totals;
    }

    /**
     * The same forward pass, with {@code prefix} before every block name (variables, and the blocks in
     * training mode); updates and FLOPs add up with this instance's.
     */
    public Layers member(String prefix) {
        return new Layers(tf, parameters, trainingBlocks, blockPrefix + prefix, totals);
    }

    public Ops tf() {
        return tf;
    }

    /** Moving-average assignments of batch normalisation in training mode; run them with every training step. */
    public List<Op> updates() {
        return List.copyOf(totals.updates);
    }

    /** FLOPs per image of the layers built so far (2 per multiply-accumulate). */
    public long flopsPerImage() {
        return 2 * totals.macs;
    }

    public Activation conv(String block, String name, Activation x, int kernel, int stride, int channels,
                           boolean bias) {
        Operand<TFloat32> w = variable(block, name + "_w",
                Shape.of(kernel, kernel, x.channels(), channels), Init.HE_NORMAL, true);
        Operand<TFloat32> y = tf.nn.conv2d(x.value(), w, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
        if (bias) {
            y = tf.nn.biasAdd(y, variable(block, name + "_b", Shape.of(channels), Init.ZEROS, true));
        }
        int h = ceilDiv(x.height(), stride);
        int wd = ceilDiv(x.width(), stride);
        totals.macs += (long) h * wd * kernel * kernel * x.channels() * channels;
        return new Activation(y, h, wd, channels);
    }

    public Activation batchNorm(String block, String name, Activation x) {
        Shape shape = Shape.of(x.channels());
        Operand<TFloat32> gamma = variable(block, name + "_gamma", shape, Init.ONES, true);
        Operand<TFloat32> beta = variable(block, name + "_beta", shape, Init.ZEROS, true);
        var mean = variable(block, name + "_mean", shape, Init.ZEROS, false);
        var variance = variable(block, name + "_variance", shape, Init.ONES, false);
        boolean training = trainingBlocks.contains(blockPrefix + block);
        FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(x.value(), gamma, beta, mean, variance,
                FusedBatchNorm.epsilon(BN_EPSILON), FusedBatchNorm.isTraining(training),
                FusedBatchNorm.exponentialAvgFactor(training ? BN_AVERAGE_FACTOR : 1f));
        if (training) {
            // with an averaging factor below 1, the op's batch statistics outputs are the updated moving averages
            totals.updates.add(tf.assign(mean, bn.batchMean()));
            totals.updates.add(tf.assign(variance, bn.batchVariance()));
        }
        return new Activation(bn.y(), x.height(), x.width(), x.channels());
    }

    public Activation relu(Activation x) {
        return new Activation(tf.nn.relu(x.value()), x.height(), x.width(), x.channels());
    }

    public Activation add(Activation a, Activation b) {
        return new Activation(tf.math.add(a.value(), b.value()), a.height(), a.width(), a.channels());
    }

    public Activation maxPool(Activation x, int kernel, int stride) {
        Operand<TFloat32> y = tf.nn.maxPool(x.value(), tf.constant(new int[] {1, kernel, kernel, 1}),
                tf.constant(new int[] {1, stride, stride, 1}), "SAME");
        return new Activation(y, ceilDiv(x.height(), stride), ceilDiv(x.width(), stride), x.channels());
    }

    /** Global average pooling and a dense layer: [N, h, w, C] → [N, outputs]. */
    public Operand<TFloat32> poolAndDense(String block, Activation x, int outputs) {
        Operand<TFloat32> pooled = tf.math.mean(x.value(), tf.constant(new int[] {1, 2}));
        Operand<TFloat32> w = variable(block, "dense_w", Shape.of(x.channels(), outputs), Init.HE_NORMAL,
                true);
        Operand<TFloat32> b = variable(block, "dense_b", Shape.of(outputs), Init.ZEROS, true);
        totals.macs += (long) x.channels() * outputs;
        return tf.nn.biasAdd(tf.linalg.matMul(pooled, w), b);
    }

    private Variable<TFloat32> variable(String block, String name, Shape shape, Init init, boolean trainable) {
        return parameters.get(blockPrefix + block, name, shape, init, trainable);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
