package org.covidcxr.inference.network;

import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A CNN for [N, S, S, 1] inputs with three logits, built by name. Both architectures share the plan
 * stem (5×5/2 conv, 3×3/2 pool) → three stages of two 3×3 convs at {@code 2w, 4w, 8w} channels (stages 2 and 3
 * halve the resolution) → global average pooling → dense, so the last block's map (Grad-CAM resolution) is S/16.
 */
public sealed interface Architecture permits ResNet, Vgg, Ensemble {

    /**
     * Block names of the shared plan, input to output; the last two are the last convolutional block and the head.
     * An {@link Ensemble} lists every member's blocks.
     */
    default List<String> blocks() {
        return List.of("stem", "stage1", "stage2", "stage3", "head");
    }

    String name();

    /** Base width {@code w}: channels of the stem. */
    int width();

    /** The name recorded in model cards, e.g. {@code resnet-w16}; {@link #fromCardName} reads it back. */
    default String cardName() {
        return name() + "-w" + width();
    }

    /** Builds one forward pass. */
    Forward forward(Layers layers, Operand<TFloat32> image, int inputSize);

    /** Blocks still trained when fine-tuning with a frozen backbone: the last convolutional block and the head. */
    default List<String> unfrozenBlocks() {
        List<String> all = blocks();
        return all.subList(all.size() - 2, all.size());
    }

    /**
     * @param name  {@code resnet} (residual blocks with batch normalisation), {@code vgg} (plain conv + bias +
     *              ReLU, max-pooling between stages), or either followed by {@code -ensemble<k>} ({@link Ensemble}
     *              of k such networks)
     * @param width base width; 16 for the product, smaller for quick tests
     */
    static Architecture byName(String name, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be positive, was " + width);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        int infix = lower.indexOf(Ensemble.NAME_INFIX);
        if (infix > 0) {
            String count = lower.substring(infix + Ensemble.NAME_INFIX.length());
            if (!count.matches("[0-9]{1,2}")) {
                throw new IllegalArgumentException("unknown architecture '" + name
                        + "'; an ensemble is named like resnet" + Ensemble.NAME_INFIX + "3");
            }
            return new Ensemble(byName(lower.substring(0, infix), width), Integer.parseInt(count));
        }
        return switch (lower) {
            case "resnet" -> new ResNet(width);
            case "vgg" -> new Vgg(width);
            default -> throw new IllegalArgumentException("unknown architecture '" + name
                    + "'; choose resnet or vgg");
        };
    }

    /** The architecture a model card names ({@link #cardName()}). */
    static Architecture fromCardName(String cardName) {
        int dash = cardName.lastIndexOf("-w");
        if (dash < 0) {
            throw new IllegalArgumentException("model card architecture '" + cardName
                    + "' is not one this version can train (expected e.g. resnet-w16)");
        }
        return byName(cardName.substring(0, dash), Integer.parseInt(cardName.substring(dash + 2)));
    }

    /**
     * @param logits   [N, 3] pre-softmax scores in {@code ModelSignature.CLASSES} order
     * @param features the last convolutional block's output, the layer Grad-CAM explains; an {@link Ensemble} has
     *                 one per member (all of the same spatial size), read as their channels side by side
     */
    record Forward(Operand<TFloat32> logits, List<Activation> features) {
        public Forward {
            features = List.copyOf(features);
        }

        public Forward(Operand<TFloat32> logits, Activation features) {
            this(logits, List.of(features));
        }
    }
}
