package org.covidcxr.inference.segmentation;

import java.util.List;
import org.covidcxr.inference.network.Activation;
import org.covidcxr.inference.network.Layers;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A small U-Net (Ronneberger et al. 2015) for lung fields: three down-sampling levels of two 3×3 conv + batch norm +
 * ReLU at {@code w, 2w, 4w} channels, a bottom level at {@code 8w}, and the mirror path up with nearest-neighbour
 * up-sampling and skip connections; one logit per pixel ("lung").
 */
public record UNet(int width) {
    /** Blocks, input to output; all are trained. */
    public static final List<String> BLOCKS = List.of("enc1", "enc2", "enc3", "bottom", "dec3", "dec2", "dec1",
            "head");

    public UNet {
        if (width < 1) {
            throw new IllegalArgumentException("width must be positive, was " + width);
        }
    }

    /** [N, S, S, 1] logits for [N, S, S, 1] inputs; {@code inputSize} must be a multiple of 8. */
    public Operand<TFloat32> logits(Layers l, Operand<TFloat32> image, int inputSize) {
        if (inputSize % 8 != 0) {
            throw new IllegalArgumentException("the U-Net's input side must be a multiple of 8, was " + inputSize);
        }
        Activation x = new Activation(image, inputSize, inputSize, 1);
        Activation e1 = block(l, "enc1", x, width);
        Activation e2 = block(l, "enc2", l.maxPool(e1, 2, 2), 2 * width);
        Activation e3 = block(l, "enc3", l.maxPool(e2, 2, 2), 4 * width);
        Activation bottom = block(l, "bottom", l.maxPool(e3, 2, 2), 8 * width);
        Activation d3 = block(l, "dec3", joined(l, bottom, e3), 4 * width);
        Activation d2 = block(l, "dec2", joined(l, d3, e2), 2 * width);
        Activation d1 = block(l, "dec1", joined(l, d2, e1), width);
        return l.conv("head", "out", d1, 1, 1, 1, true).value();
    }

    private static Activation block(Layers l, String name, Activation x, int channels) {
        Activation y = l.relu(l.batchNorm(name, "bn1", l.conv(name, "conv1", x, 3, 1, channels, false)));
        return l.relu(l.batchNorm(name, "bn2", l.conv(name, "conv2", y, 3, 1, channels, false)));
    }

    /** {@code deep} up-sampled ×2 and set beside the skip connection {@code skip}. */
    private static Activation joined(Layers l, Activation deep, Activation skip) {
        var tf = l.tf();
        Operand<TFloat32> up = tf.image.resizeNearestNeighbor(deep.value(),
                tf.constant(new int[] {skip.height(), skip.width()}));
        return new Activation(tf.concat(List.of(up, skip.value()), tf.constant(3)), skip.height(), skip.width(),
                deep.channels() + skip.channels());
    }
}
