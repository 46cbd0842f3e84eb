package org.covidcxr.inference.serving;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslatorContext;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.inference.Letterbox;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.PreparedImage;
import org.covidcxr.inference.Preprocessor;

/**
 * The two ends of one network call shared by the translators: the [N, H, W, 1] input built by the shared
 * {@link Preprocessor} (one buffer, one engine call, each image's letterbox kept in the context), and the outputs read
 * back with the contract's names and shapes checked.
 */
final class ModelBatch {
    private static final String LETTERBOXES = "letterboxes";

    private ModelBatch() {
    }

    static NDList input(TranslatorContext ctx, Preprocessor preprocessor, List<XrayImage> images) {
        int side = preprocessor.inputSize();
        // Written straight into native-order direct memory: the engine copies it into the tensor as is, with no
        // intermediate float[] and no second buffer of its own.
        ByteBuffer batch = ctx.getNDManager().allocateDirect(images.size() * side * side * Float.BYTES);
        FloatBuffer values = batch.asFloatBuffer();
        List<Letterbox> letterboxes = new ArrayList<>(images.size());
        for (XrayImage xray : images) {
            PreparedImage prepared = preprocessor.prepare(xray);
            values.put(prepared.pixels());
            letterboxes.add(prepared.letterbox());
        }
        ctx.setAttachment(LETTERBOXES, letterboxes);
        NDArray image = ctx.getNDManager().create(batch, new Shape(images.size(), side, side, 1), DataType.FLOAT32);
        image.setName(ModelSignature.INPUT_IMAGE);
        return new NDList(image);
    }

    /** The letterbox of each image of the batch, in input order. */
    @SuppressWarnings("unchecked")
    static List<Letterbox> letterboxes(TranslatorContext ctx) {
        return (List<Letterbox>) ctx.getAttachment(LETTERBOXES);
    }

    /** An [n, k] output, row-major. */
    static float[] rows(NDList outputs, String name, int n, int k) {
        NDArray array = output(outputs, name);
        if (!array.getShape().equals(new Shape(n, k))) {
            throw contractBroken("output '" + name + "' has shape " + array.getShape() + ", expected [" + n + ", "
                    + k + "]");
        }
        return array.toFloatArray();
    }

    /** The [n, k, h, w] Grad-CAM output. */
    static NDArray cam(NDList outputs, int n, int k) {
        NDArray cam = output(outputs, ModelSignature.OUTPUT_CAM);
        Shape shape = cam.getShape();
        if (shape.dimension() != 4 || shape.get(0) != n || shape.get(1) != k) {
            throw contractBroken("output '" + ModelSignature.OUTPUT_CAM + "' has shape " + shape + ", expected ["
                    + n + ", " + k + ", h, w]");
        }
        return cam;
    }

    static float[] row(float[] rows, int i, int k) {
        float[] row = new float[k];
        System.arraycopy(rows, i * k, row, 0, k);
        return row;
    }

    private static NDArray output(NDList outputs, String name) {
        NDArray array = outputs.get(name);
        if (array == null) {
            throw contractBroken("output '" + name + "' is missing");
        }
        return array;
    }

    private static IllegalStateException contractBroken(String problem) {
        return new IllegalStateException("The model does not follow the product's SavedModel contract: " + problem
                + ". Use a model exported by this product's training (signature '" + ModelSignature.SIGNATURE
                + "').");
    }
}
