package org.covidcxr.inference.network;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Several networks of one architecture in one graph (a deep ensemble): the logits are the members' mean, and the
 * features Grad-CAM explains are the members' last blocks, read as one layer with their channels side by side.
 * Grad-CAM of the mean logit over that layer is the mean of the members' weighted activation sums before the
 * ReLU, so one map explains the ensemble's answer. Member {@code i}'s blocks are named {@code m<i>_<block>}
 * (1-based), which lets separately trained members be loaded into the ensemble by name.
 *
 * @param member  the members' architecture (not itself an ensemble)
 * @param members how many, at least 2
 */
public record Ensemble(Architecture member, int members) implements Architecture {

    static final String NAME_INFIX = "-ensemble";

    public Ensemble {
        if (member instanceof Ensemble || members < 2) {
            throw new IllegalArgumentException("an ensemble needs at least 2 members of a single architecture");
        }
    }

    /** Block-name prefix of member {@code index} (1-based). */
    public static String memberPrefix(int index) {
        return "m" + index + "_";
    }

    @Override
    public String name() {
        return member.name() + NAME_INFIX + members;
    }

    @Override
    public int width() {
        return member.width();
    }

    @Override
    public List<String> blocks() {
        return prefixed(member.blocks());
    }

    @Override
    public List<String> unfrozenBlocks() {
        return prefixed(member.unfrozenBlocks());
    }

    @Override
    public Forward forward(Layers layers, Operand<TFloat32> image, int inputSize) {
        Ops tf = layers.tf();
        List<Operand<TFloat32>> logits = new ArrayList<>();
        List<Activation> features = new ArrayList<>();
        for (int i = 1; i <= members; i++) {
            Forward f = member.forward(layers.member(memberPrefix(i)), image, inputSize);
            logits.add(f.logits());
            features.addAll(f.features());
        }
        return new Forward(tf.math.div(tf.math.addN(logits), tf.constant((float) members)), features);
    }

    private List<String> prefixed(List<String> blocks) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= members; i++) {
            for (String block : blocks) {
                out.add(memberPrefix(i) + block);
            }
        }
        return List.copyOf(out);
    }
}
