package org.covidcxr.inference.serving;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.inference.Letterbox;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.PreparedImage;
import org.covidcxr.inference.Preprocessor;

/**
 * DJL translator {@link XrayImage} → {@link Diagnosis} for a SavedModel following {@link ModelSignature}: the shared
 * {@link Preprocessor} builds the {@code image} batch, and the outputs become probabilities, decision and Grad-CAM
 * maps registered to each original image ({@link CamRegistration}).
 *
 * <p>Batches are built and split here directly (one [N, H, W, 1] buffer in, one read per output), rather than by
 * stacking per-image arrays: that saves an engine call per image and keeps each image's letterbox beside its row.
 * Stateless apart from its configuration, so one instance serves every predictor.
 */
public final class DiagnosisTranslator implements Translator<XrayImage, Diagnosis> {
    private static final String LETTERBOXES = "letterboxes";

    private final Preprocessor preprocessor;
    private final String modelVersion;
    private final List<String> classes;
    private final float operatingThreshold;

    public DiagnosisTranslator(Preprocessor preprocessor, String modelVersion, List<String> classes,
                               float operatingThreshold) {
        this.preprocessor = preprocessor;
        this.modelVersion = modelVersion;
        this.classes = List.copyOf(classes);
        this.operatingThreshold = operatingThreshold;
    }

    /** Non-null so that DJL takes its batch path, which calls the two batch methods below. */
    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, XrayImage input) {
        return batchProcessInput(ctx, List.of(input));
    }

    @Override
    public Diagnosis processOutput(TranslatorContext ctx, NDList list) {
        return batchProcessOutput(ctx, list).get(0);
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<XrayImage> inputs) {
        int side = preprocessor.inputSize();
        int plane = side * side;
        float[] batch = new float[inputs.size() * plane];
        List<Letterbox> letterboxes = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            PreparedImage prepared = preprocessor.prepare(inputs.get(i));
            System.arraycopy(prepared.pixels(), 0, batch, i * plane, plane);
            letterboxes.add(prepared.letterbox());
        }
        ctx.setAttachment(LETTERBOXES, letterboxes);
        NDArray image = ctx.getNDManager().create(FloatBuffer.wrap(batch), new Shape(inputs.size(), side, side, 1));
        image.setName(ModelSignature.INPUT_IMAGE);
        return new NDList(image);
    }

    @Override
    public List<Diagnosis> batchProcessOutput(TranslatorContext ctx, NDList outputs) {
        @SuppressWarnings("unchecked")
        List<Letterbox> letterboxes = (List<Letterbox>) ctx.getAttachment(LETTERBOXES);
        int n = letterboxes.size();
        int k = classes.size();
        float[] probabilities = read(outputs, ModelSignature.OUTPUT_PROBABILITIES, n, k);
        float[] logits = read(outputs, ModelSignature.OUTPUT_LOGITS, n, k);
        NDArray cam = output(outputs, ModelSignature.OUTPUT_CAM);
        Shape camShape = cam.getShape();
        if (camShape.dimension() != 4 || camShape.get(0) != n || camShape.get(1) != k) {
            throw contractBroken("output '" + ModelSignature.OUTPUT_CAM + "' has shape " + camShape + ", expected ["
                    + n + ", " + k + ", h, w]");
        }
        int h = (int) camShape.get(2);
        int w = (int) camShape.get(3);
        float[] camValues = cam.toFloatArray();
        List<Diagnosis> diagnoses = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<HeatMap> maps = new ArrayList<>(k);
            for (int c = 0; c < k; c++) {
                maps.add(CamRegistration.register(camValues, (i * k + c) * h * w, h, w, letterboxes.get(i)));
            }
            diagnoses.add(new Diagnosis(modelVersion, classes, slice(probabilities, i, k), slice(logits, i, k),
                    operatingThreshold, maps));
        }
        return diagnoses;
    }

    private static float[] read(NDList outputs, String name, int n, int k) {
        NDArray array = output(outputs, name);
        if (!array.getShape().equals(new Shape(n, k))) {
            throw contractBroken("output '" + name + "' has shape " + array.getShape() + ", expected [" + n + ", "
                    + k + "]");
        }
        return array.toFloatArray();
    }

    private static NDArray output(NDList outputs, String name) {
        NDArray array = outputs.get(name);
        if (array == null) {
            throw contractBroken("output '" + name + "' is missing");
        }
        return array;
    }

    private static float[] slice(float[] rows, int i, int k) {
        float[] row = new float[k];
        System.arraycopy(rows, i * k, row, 0, k);
        return row;
    }

    private static IllegalStateException contractBroken(String problem) {
        return new IllegalStateException("The model does not follow the product's SavedModel contract: " + problem
                + ". Use a model exported by this product's training (signature '" + ModelSignature.SIGNATURE
                + "').");
    }
}
