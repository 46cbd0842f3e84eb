package org.covidcxr.inference.evaluation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.TensorFlowRuntime;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.data.PreparedDataset;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;

/** Predictions of an exported SavedModel (the artefact that ships) on a prepared, labelled data set. */
public final class ExportedModelPredictions {

    private ExportedModelPredictions() {
    }

    public static List<LabelledPrediction> predict(Path savedModel, PreparedDataset data) {
        TensorFlowRuntime.bootstrap();
        try (SavedModelBundle bundle = SavedModelBundle.load(savedModel.toString(), ModelSignature.TAG)) {
            SessionFunction f = bundle.function(ModelSignature.SIGNATURE);
            float[][] probabilities = BatchPredictor.ofSignature(f, ModelSignature.OUTPUT_PROBABILITIES)
                    .predictAll(data);
            float[][] logits = BatchPredictor.ofSignature(f, ModelSignature.OUTPUT_LOGITS).predictAll(data);
            List<LabelledPrediction> out = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                LabelledImage image = data.image(i);
                out.add(new LabelledPrediction(image.file().getFileName().toString(), image.patientId(),
                        image.source(), image.label(), probabilities[i], Optional.of(logits[i])));
            }
            return out;
        }
    }

    /**
     * The penultimate features (the pooled input of the classifier's dense layer) of every image, found in the graph
     * by following the {@code logits} output back through its bias and matrix product; empty for a graph of another
     * shape (e.g. an ensemble, whose logits are a mean).
     */
    public static Optional<float[][]> penultimateFeatures(Path savedModel, PreparedDataset data) {
        TensorFlowRuntime.bootstrap();
        try (SavedModelBundle bundle = SavedModelBundle.load(savedModel.toString(), ModelSignature.TAG)) {
            return penultimate(bundle.graph()).map(features -> BatchPredictor.ofSession(bundle.session(),
                    ModelSignature.INPUT_IMAGE, features).predictAll(data));
        }
    }

    private static Optional<String> penultimate(Graph graph) {
        return Optional.ofNullable(graph.operation(ModelSignature.OUTPUT_LOGITS))
                .map(logits -> ((GraphOperation) logits).input(0).op())
                .filter(op -> op.type().equals("BiasAdd"))
                .map(bias -> ((GraphOperation) bias).input(0).op())
                .filter(op -> op.type().equals("MatMul"))
                .map(matMul -> ((GraphOperation) matMul).input(0).op().name());
    }
}
