package org.covidcxr.inference.segmentation;

import java.nio.file.Path;
import java.util.Map;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.inference.PreparedImage;
import org.covidcxr.inference.Preprocessor;
import org.covidcxr.inference.TensorFlowRuntime;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** The exported lung segmenter ({@link LungSegmenterTrainer}), fed through the classifier's preprocessing. */
public final class LungSegmenter implements AutoCloseable {
    private final SavedModelBundle bundle;
    private final SessionFunction function;
    private final Preprocessor preprocessor;

    private LungSegmenter(SavedModelBundle bundle, int inputSize) {
        this.bundle = bundle;
        this.function = bundle.function(LungSegmenterTrainer.SIGNATURE);
        this.preprocessor = new Preprocessor(inputSize);
    }

    /** @param inputSize the side it was trained at */
    public static LungSegmenter open(Path savedModel, int inputSize) {
        TensorFlowRuntime.bootstrap();
        return new LungSegmenter(SavedModelBundle.load(savedModel.toString(), LungSegmenterTrainer.TAG), inputSize);
    }

    public int inputSize() {
        return preprocessor.inputSize();
    }

    /** P(lung) per input pixel of the prepared image. */
    public float[] probabilities(PreparedImage prepared) {
        return probabilities(prepared.pixels());
    }

    /** P(lung) per pixel of one network input ({@code inputSize²} values from the {@link Preprocessor}). */
    public float[] probabilities(float[] input) {
        int s = preprocessor.inputSize();
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(1, s, s, 1), DataBuffers.of(input, true, false));
             Result r = function.call(Map.of(LungSegmenterTrainer.INPUT, x))) {
            float[] out = new float[s * s];
            ((TFloat32) r.get(LungSegmenterTrainer.OUTPUT).orElseThrow()).asRawTensor().data().asFloats().read(out);
            return out;
        }
    }

    /** The image as the segmenter takes it: the classifier's preprocessing at the segmenter's size. */
    public PreparedImage prepare(XrayImage image) {
        return preprocessor.prepare(image);
    }

    /** The thresholded lung map of an image, placed over it. */
    public LungMask mask(XrayImage image) {
        PreparedImage prepared = prepare(image);
        return LungMask.of(probabilities(prepared), prepared.letterbox());
    }

    @Override
    public void close() {
        bundle.close();
    }
}
