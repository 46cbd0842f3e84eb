package org.covidcxr.inference.network;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** A feature map [N, height, width, channels] with its static spatial size, so layers can count FLOPs. */
public record Activation(Operand<TFloat32> value, int height, int width, int channels) {
}
