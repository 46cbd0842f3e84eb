package org.covidcxr.inference.network;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** A VGG-style baseline: plain 3×3 convolutions with bias and ReLU, max-pooling between stages, no normalisation. */
public record Vgg(int width) implements Architecture {

    @Override
    public String name() {
        return "vgg";
    }

    @Override
    public Forward forward(Layers l, Operand<TFloat32> image, int inputSize) {
        Activation x = new Activation(image, inputSize, inputSize, 1);
        x = l.maxPool(l.relu(l.conv("stem", "conv", x, 5, 2, width, true)), 3, 2);
        x = stage(l, "stage1", x, 2 * width);
        x = stage(l, "stage2", l.maxPool(x, 2, 2), 4 * width);
        x = stage(l, "stage3", l.maxPool(x, 2, 2), 8 * width);
        return new Forward(l.poolAndDense("head", x, 3), x);
    }

    private static Activation stage(Layers l, String block, Activation in, int channels) {
        Activation y = l.relu(l.conv(block, "conv1", in, 3, 1, channels, true));
        return l.relu(l.conv(block, "conv2", y, 3, 1, channels, true));
    }
}
