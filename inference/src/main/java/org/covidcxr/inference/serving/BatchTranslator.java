package org.covidcxr.inference.serving;

import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.List;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.inference.Preprocessor;

/**
 * Shared input side of the serving translators: single calls go through the batch path, and the batch is built by
 * {@link ModelBatch} from the shared {@link Preprocessor}. Subclasses only turn the outputs into their result type.
 */
abstract class BatchTranslator<O> implements Translator<XrayImage, O> {
    private final Preprocessor preprocessor;

    BatchTranslator(Preprocessor preprocessor) {
        this.preprocessor = preprocessor;
    }

    /** Non-null so that DJL takes its batch path, which calls the two batch methods. */
    @Override
    public Batchifier getBatchifier() {
        return Batchifier.STACK;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, XrayImage input) {
        return batchProcessInput(ctx, List.of(input));
    }

    @Override
    public O processOutput(TranslatorContext ctx, NDList list) {
        return batchProcessOutput(ctx, list).get(0);
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<XrayImage> inputs) {
        return ModelBatch.input(ctx, preprocessor, inputs);
    }

    @Override
    public abstract List<O> batchProcessOutput(TranslatorContext ctx, NDList outputs);
}
