package org.covidcxr.inference.evaluation;

import java.util.Map;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.data.PreparedDataset;
import org.tensorflow.Result;
import org.tensorflow.SessionFunction;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Runs a model over a prepared data set in batches and returns one row of floats per image (logits, say). */
@FunctionalInterface
public interface BatchPredictor {
    int BATCH = 64;

    /** @param images {@code n} inputs of {@code size x size}, back to back */
    float[][] predict(float[] images, int n, int size);

    /** The logits of a session's graph output, fed through the given input placeholder name. */
    static BatchPredictor ofSession(Session session, String input, String output) {
        return (images, n, size) -> {
            try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, size, size, 1), DataBuffers.of(images, true, false));
                 Result r = session.runner().feed(input, x).fetch(output).run()) {
                return rows((TFloat32) r.get(0), n);
            }
        };
    }

    /** One output of a SavedModel's serving signature. */
    static BatchPredictor ofSignature(SessionFunction function, String output) {
        return (images, n, size) -> {
            try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, size, size, 1), DataBuffers.of(images, true, false));
                 Result r = function.call(Map.of(ModelSignature.INPUT_IMAGE, x))) {
                return rows((TFloat32) r.get(output).orElseThrow(), n);
            }
        };
    }

    /** Predicts every image of {@code data}. */
    default float[][] predictAll(PreparedDataset data) {
        int size = data.inputSize();
        float[][] out = new float[data.size()][];
        for (int start = 0; start < data.size(); start += BATCH) {
            int n = Math.min(BATCH, data.size() - start);
            float[] batch = new float[n * size * size];
            for (int i = 0; i < n; i++) {
                System.arraycopy(data.pixels(start + i), 0, batch, i * size * size, size * size);
            }
            float[][] rows = predict(batch, n, size);
            System.arraycopy(rows, 0, out, start, n);
        }
        return out;
    }

    private static float[][] rows(TFloat32 t, int n) {
        int columns = (int) t.shape().get(1);
        float[][] out = new float[n][columns];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < columns; c++) {
                out[i][c] = t.getFloat(i, c);
            }
        }
        return out;
    }
}
