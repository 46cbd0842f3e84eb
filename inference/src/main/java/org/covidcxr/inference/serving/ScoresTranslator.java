package org.covidcxr.inference.serving;

import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.Preprocessor;

/** {@link XrayImage} → {@link ClassScores}: the same call as {@link DiagnosisTranslator}, leaving the maps aside. */
final class ScoresTranslator implements Translator<XrayImage, ClassScores> {
    private final Preprocessor preprocessor;
    private final int classes;

    ScoresTranslator(Preprocessor preprocessor, int classes) {
        this.preprocessor = preprocessor;
        this.classes = classes;
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
    public ClassScores processOutput(TranslatorContext ctx, NDList list) {
        return batchProcessOutput(ctx, list).get(0);
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<XrayImage> inputs) {
        return ModelBatch.input(ctx, preprocessor, inputs);
    }

    @Override
    public List<ClassScores> batchProcessOutput(TranslatorContext ctx, NDList outputs) {
        int n = ModelBatch.letterboxes(ctx).size();
        float[] probabilities = ModelBatch.rows(outputs, ModelSignature.OUTPUT_PROBABILITIES, n, classes);
        float[] logits = ModelBatch.rows(outputs, ModelSignature.OUTPUT_LOGITS, n, classes);
        List<ClassScores> scores = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            scores.add(new ClassScores(ModelBatch.row(probabilities, i, classes), ModelBatch.row(logits, i, classes)));
        }
        return scores;
    }
}
