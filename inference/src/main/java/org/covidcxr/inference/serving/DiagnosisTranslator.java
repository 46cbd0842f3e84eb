package org.covidcxr.inference.serving;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.inference.Letterbox;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.Preprocessor;

/**
 * DJL translator {@link XrayImage} → {@link Diagnosis} for a SavedModel following {@link ModelSignature}: the shared
 * {@link Preprocessor} builds the {@code image} batch, and the outputs become probabilities, decision and Grad-CAM
 * maps registered to each original image ({@link CamRegistration}).
 *
 * <p>Batches are built and split directly ({@link ModelBatch}: one [N, H, W, 1] buffer in, one read per output),
 * rather than by stacking per-image arrays: that saves engine calls and keeps each image's letterbox beside its row.
 * Stateless apart from its configuration, so one instance serves every predictor.
 */
public final class DiagnosisTranslator extends BatchTranslator<Diagnosis> {
    private final String modelVersion;
    private final List<String> classes;
    private final float operatingThreshold;
    private final float confidentThreshold;

    public DiagnosisTranslator(Preprocessor preprocessor, String modelVersion, List<String> classes,
                               float operatingThreshold, float confidentThreshold) {
        super(preprocessor);
        this.modelVersion = modelVersion;
        this.classes = List.copyOf(classes);
        this.operatingThreshold = operatingThreshold;
        this.confidentThreshold = confidentThreshold;
    }

    @Override
    public List<Diagnosis> batchProcessOutput(TranslatorContext ctx, NDList outputs) {
        List<Letterbox> letterboxes = ModelBatch.letterboxes(ctx);
        int n = letterboxes.size();
        int k = classes.size();
        float[] probabilities = ModelBatch.rows(outputs, ModelSignature.OUTPUT_PROBABILITIES, n, k);
        float[] logits = ModelBatch.rows(outputs, ModelSignature.OUTPUT_LOGITS, n, k);
        NDArray cam = ModelBatch.cam(outputs, n, k);
        int h = (int) cam.getShape().get(2);
        int w = (int) cam.getShape().get(3);
        float[] camValues = cam.toFloatArray();
        List<Diagnosis> diagnoses = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<HeatMap> maps = new ArrayList<>(k);
            for (int c = 0; c < k; c++) {
                maps.add(CamRegistration.register(camValues, (i * k + c) * h * w, h, w, letterboxes.get(i)));
            }
            diagnoses.add(new Diagnosis(modelVersion, classes, ModelBatch.row(probabilities, i, k),
                    ModelBatch.row(logits, i, k), operatingThreshold, confidentThreshold, maps,
                    java.util.OptionalDouble.empty()));
        }
        return diagnoses;
    }
}
