package org.covidcxr.inference.network;

import java.util.ArrayList;
import java.util.List;
import org.covidcxr.inference.network.Parameters.Init;
import org.covidcxr.inference.network.Parameters.Parameter;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam ({@code ApplyAdam}) over a graph's gradients, with the learning rate fed per step. Every update waits for all
 * gradients, so no update can race a backward read of the same weights (reproducibility); the step op also runs the
 * given batch-normalisation updates.
 */
public final class Adam {
    public static final float BETA1 = 0.9f;
    public static final float BETA2 = 0.999f;
    public static final float EPSILON = 1e-7f;

    private Adam() {
    }

    /** The op named {@code train_step} that applies one update to every trained parameter. */
    public static Op minimize(Ops tf, List<Parameter> trained, Output<?>[] gradients, Operand<TFloat32> learningRate,
                              List<Op> batchNormUpdates) {
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
