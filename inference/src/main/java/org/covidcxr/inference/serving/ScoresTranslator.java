package org.covidcxr.inference.serving;

import ai.djl.ndarray.NDList;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.Preprocessor;

/** {@link XrayImage} → {@link ClassScores}: the same call as {@link DiagnosisTranslator}, leaving the maps aside. */
final class ScoresTranslator extends BatchTranslator<ClassScores> {
    private final int classes;

    ScoresTranslator(Preprocessor preprocessor, int classes) {
        super(preprocessor);
        this.classes = classes;
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
