package org.covidcxr.inference.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The variables of one network in one graph, created on first use and shared by every forward pass built with this
 * instance (e.g. the training and the validation branch of the training graph). Variable names are stable
 * ({@code <block>.<name>}) so a checkpoint or a SavedModel's variables load into any graph of the same architecture.
 *
 * <p>{@link #seeded(Ops, long)} gives each variable an initial value from its own seeded generator (He-normal
 * weights, zero biases, unit scales), independent of creation order; {@link #restorable(Ops)} creates variables
 * without initial values, to be filled from a checkpoint (export graph).
 */
public final class Parameters {

    /** How a variable starts: He-normal (std sqrt(2 / fan-in)), zeros or ones. */
    public enum Init { HE_NORMAL, ZEROS, ONES }

    /**
     * @param trainable false for batch-norm moving statistics (updated by assignment, not by the optimiser)
     * @param decayed   true for weights that get L2 weight decay
     */
    public record Parameter(String block, String name, Variable<TFloat32> variable, Shape shape, boolean trainable,
                            boolean decayed) {
        /** The variable's op name in every graph: {@code <block>.<name>} (a sub-scope would be uniquified). */
        public String fullName() {
            return fullName(block, name);
        }

        static String fullName(String block, String name) {
            return block + "." + name;
        }
    }

    private final Ops tf;
    private final Optional<Long> seed;
    private final Map<String, Parameter> byName = new LinkedHashMap<>();

    private Parameters(Ops tf, Optional<Long> seed) {
        this.tf = tf;
        this.seed = seed;
    }

    public static Parameters seeded(Ops tf, long seed) {
        return new Parameters(tf, Optional.of(seed));
    }

    public static Parameters restorable(Ops tf) {
        return new Parameters(tf, Optional.empty());
    }

    /** The variable {@code block/name}, created with the given shape and initialisation on first use. */
    public Variable<TFloat32> get(String block, String name, Shape shape, Init init, boolean trainable) {
        String key = Parameter.fullName(block, name);
        Parameter existing = byName.get(key);
        if (existing != null) {
            if (!existing.shape().equals(shape)) {
                throw new IllegalStateException(key + " exists with shape " + existing.shape() + ", not " + shape);
            }
            return existing.variable();
        }
        Ops scoped = tf.withName(key);
        Variable<TFloat32> variable = seed.isPresent()
                ? scoped.variable(tf.withInitScope().constant(shape, DataBuffers.of(initialValues(key, shape, init),
                        true, false)))
                : scoped.variable(shape, TFloat32.class);
        byName.put(key, new Parameter(block, name, variable, shape, trainable, trainable && init == Init.HE_NORMAL));
        return variable;
    }

    public List<Parameter> all() {
        return List.copyOf(byName.values());
    }

    public List<Parameter> trainable() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : byName.values()) {
            if (p.trainable()) {
                out.add(p);
            }
        }
        return out;
    }

    private float[] initialValues(String key, Shape shape, Init init) {
        float[] values = new float[(int) shape.size()];
        switch (init) {
            case ZEROS -> { }
            case ONES -> Arrays.fill(values, 1f);
            case HE_NORMAL -> {
                // fan-in: every dimension but the last (output channels) of a conv kernel or dense matrix
                long fanIn = shape.size() / shape.size(shape.numDimensions() - 1);
                double std = Math.sqrt(2.0 / fanIn);
                SplittableRandom random = new SplittableRandom(seed.orElseThrow() * 0x9E3779B97F4A7C15L + key.hashCode());
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (random.nextGaussian() * std);
                }
            }
        }
        return values;
    }
}
