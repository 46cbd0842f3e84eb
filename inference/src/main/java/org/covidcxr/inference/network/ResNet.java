package org.covidcxr.inference.network;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** A compact residual network (one basic block per stage, batch normalisation after every convolution). */
public record ResNet(int width) implements Architecture {

    @Override
    public String name() {
        return "resnet";
    }

    @Override
    public Forward forward(Layers l, Operand<TFloat32> image, int inputSize) {
        Activation x = new Activation(image, inputSize, inputSize, 1);
        x = l.relu(l.batchNorm("stem", "bn", l.conv("stem", "conv", x, 5, 2, width, false)));
        x = l.maxPool(x, 3, 2);
        x = basicBlock(l, "stage1", x, 2 * width, 1);
        x = basicBlock(l, "stage2", x, 4 * width, 2);
        x = basicBlock(l, "stage3", x, 8 * width, 2);
        return new Forward(l.poolAndDense("head", x, 3), x);
    }

    private static Activation basicBlock(Layers l, String block, Activation in, int channels, int stride) {
        Activation y = l.relu(l.batchNorm(block, "bn1", l.conv(block, "conv1", in, 3, stride, channels, false)));
        y = l.batchNorm(block, "bn2", l.conv(block, "conv2", y, 3, 1, channels, false));
        Activation shortcut = in.channels() == channels && stride == 1 ? in
                : l.batchNorm(block, "proj_bn", l.conv(block, "proj", in, 1, stride, channels, false));
        return l.relu(l.add(y, shortcut));
    }
}
