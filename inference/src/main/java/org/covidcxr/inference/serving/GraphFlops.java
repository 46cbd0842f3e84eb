package org.covidcxr.inference.serving;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;

/**
 * Counts the floating-point operations per image of a loaded graph from its convolution and matrix-product shapes
 * (2 FLOPs per multiply-accumulate; element-wise ops, pooling and normalisation are not counted, as is usual).
 * Only the ops the named outputs depend on are counted, so a serving graph's forward pass can be told apart from
 * its Grad-CAM gradients.
 */
public final class GraphFlops {

    /**
     * @param flopsPerImage FLOPs per image of the counted ops
     * @param counted       convolutions and matrix products counted
     * @param uncounted     such ops skipped because the graph does not know their shapes
     */
    public record Count(long flopsPerImage, int counted, int uncounted) {
    }

    private GraphFlops() {
    }

    /** FLOPs per image of everything the given ops (e.g. the signature's outputs) depend on. */
    public static Count of(Graph graph, List<String> outputOps) {
        long flops = 0;
        int counted = 0;
        int uncounted = 0;
        for (GraphOperation op : ancestors(graph, outputOps)) {
            long f = switch (op.type()) {
                case "Conv2D" -> conv(op.output(0).shape(), op.input(1).shape(), 1);
                case "Conv2DBackpropInput" -> conv(op.input(2).shape(), op.input(1).shape(), 1);
                case "DepthwiseConv2dNative" -> conv(op.output(0).shape(), op.input(1).shape(), 0);
                case "DepthwiseConv2dNativeBackpropInput" -> conv(op.input(2).shape(), op.input(1).shape(), 0);
                case "MatMul" -> matMul(op);
                default -> -2;
            };
            if (f >= 0) {
                flops += f;
                counted++;
            } else if (f == -1) {
                uncounted++;
            }
        }
        return new Count(flops, counted, uncounted);
    }

    /**
     * @param out    [N, oh, ow, channels out] (for a backprop op: the incoming gradient, same thing)
     * @param filter [kh, kw, in, out or multiplier]
     * @param depth  1 for an ordinary convolution (each output sums over all input channels), 0 for depthwise
     */
    private static long conv(Shape out, Shape filter, int depth) {
        if (unknown(out, 4, 1) || unknown(filter, 4, 0)) {
            return -1;
        }
        long perOutput = filter.get(0) * filter.get(1) * (depth == 1 ? filter.get(2) : 1);
        return 2 * out.get(1) * out.get(2) * out.get(3) * perOutput;
    }

    /** Per row of the left factor (one image): the right factor is the layer's weight matrix, whose shape is known. */
    private static long matMul(GraphOperation op) {
        Shape b = op.input(1).shape();
        if (unknown(b, 2, 0)) {
            return -1;
        }
        return 2 * b.get(0) * b.get(1);
    }

    /** Whether the rank differs or a dimension from {@code first} on is unknown (dimension 0 may be the batch). */
    private static boolean unknown(Shape s, int rank, int first) {
        if (s.isUnknown() || s.numDimensions() != rank) {
            return true;
        }
        for (int i = first; i < rank; i++) {
            if (s.get(i) < 0) {
                return true;
            }
        }
        return false;
    }

    private static Set<GraphOperation> ancestors(Graph graph, List<String> outputOps) {
        Set<GraphOperation> seen = new HashSet<>();
        Deque<GraphOperation> todo = new ArrayDeque<>();
        for (String name : outputOps) {
            GraphOperation op = graph.operation(name);
            if (op == null) {
                throw new IllegalArgumentException("the graph has no operation '" + name + "'");
            }
            todo.push(op);
        }
        while (!todo.isEmpty()) {
            GraphOperation op = todo.pop();
            if (seen.add(op)) {
                for (Operand<?> input : op.inputs()) {
                    todo.push((GraphOperation) input.op());
                }
                todo.addAll(op.controlInputs());
            }
        }
        return seen;
    }
}
