package org.covidcxr.inference.serving;

import java.nio.file.Path;
import java.util.List;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.TensorFlowRuntime;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The same SavedModel run through plain TensorFlow Java ({@code SavedModelBundle.load} + {@code session.runner()}),
 * without DJL: the reference the DJL path is checked against (tests) and timed against (benchmark).
 */
public final class SessionBaseline implements AutoCloseable {

    /** The three outputs of one call, flattened row-major. */
    public record Outputs(float[] probabilities, float[] logits, float[] cam, long[] camShape) {
    }

    private final SavedModelBundle bundle;
    private final TensorName input;
    private final TensorName probabilities;
    private final TensorName logits;
    private final TensorName cam;
    private final int inputSize;

    public SessionBaseline(Path savedModelDirectory) {
        TensorFlowRuntime.bootstrap();
        bundle = SavedModelBundle.load(savedModelDirectory.toString(), ModelSignature.TAG);
        try {
            Signature signature = bundle.function(ModelSignature.SIGNATURE).signature();
            Signature.TensorDescription image = signature.getInputs().get(ModelSignature.INPUT_IMAGE);
            input = TensorName.of(image.name);
            probabilities = TensorName.of(signature.getOutputs().get(ModelSignature.OUTPUT_PROBABILITIES).name);
            logits = TensorName.of(signature.getOutputs().get(ModelSignature.OUTPUT_LOGITS).name);
            cam = TensorName.of(signature.getOutputs().get(ModelSignature.OUTPUT_CAM).name);
            inputSize = (int) image.shape.get(1);
        } catch (RuntimeException e) {
            bundle.close(); // a SavedModel of another contract: do not leak its session
            throw new ServingException("The SavedModel in " + savedModelDirectory + " does not follow the product's "
                    + "contract (" + e + ").", e);
        }
    }

    public int inputSize() {
        return inputSize;
    }

    /** Runs {@code n} prepared images ({@code n * size * size} standardised values) through the session. */
    public Outputs run(float[] images, int n) {
        Session session = bundle.session();
        try (TFloat32 tensor = TFloat32.tensorOf(Shape.of(n, inputSize, inputSize, 1), DataBuffers.of(images, true,
                false));
             Result result = session.runner().feed(input.op, input.index, tensor)
                     .fetch(probabilities.op, probabilities.index).fetch(logits.op, logits.index)
                     .fetch(cam.op, cam.index).run()) {
            TFloat32 camTensor = (TFloat32) result.get(2);
            return new Outputs(read((TFloat32) result.get(0)), read((TFloat32) result.get(1)), read(camTensor),
                    camTensor.shape().asArray());
        }
    }

    /** FLOPs per image of the forward pass (what the logits need) and of the whole served graph (with Grad-CAM). */
    public GraphFlops.Count forwardFlops() {
        return GraphFlops.of(bundle.graph(), List.of(logits.op));
    }

    public GraphFlops.Count servedFlops() {
        return GraphFlops.of(bundle.graph(), List.of(probabilities.op, logits.op, cam.op));
    }

    private static float[] read(TFloat32 tensor) {
        float[] out = new float[(int) tensor.shape().size()];
        tensor.asRawTensor().data().asFloats().read(out);
        return out;
    }

    @Override
    public void close() {
        bundle.close();
    }

    /** "op:index" as the signature names a tensor. */
    private record TensorName(String op, int index) {
        static TensorName of(String name) {
            int colon = name.lastIndexOf(':');
            return colon < 0 ? new TensorName(name, 0)
                    : new TensorName(name.substring(0, colon), Integer.parseInt(name.substring(colon + 1)));
        }
    }
}
