package org.covidcxr.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.audit.AuditSubjects;
import org.covidcxr.inference.audit.ShortcutAudit;
import org.covidcxr.inference.audit.ShortcutAuditReport;
import org.covidcxr.inference.data.PreparedDataset;
import org.covidcxr.inference.evaluation.EvaluationReport;
import org.covidcxr.inference.evaluation.EvaluationSettings;
import org.covidcxr.inference.evaluation.Evaluator;
import org.covidcxr.inference.evaluation.ExportedModelPredictions;
import org.covidcxr.inference.evaluation.LabelledPrediction;
import org.covidcxr.inference.evaluation.SelectiveVerdict;
import org.covidcxr.inference.training.ModelFinisher;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelCard;

/**
 * The one evaluation of a chosen model on {@code test}: the evaluation report and the shortcut audit (with the lung
 * masks, where given) written into the bundle's {@value #FOLDER}, and their digests for the card.
 */
final class TestSplitEvaluation {
    static final String FOLDER = "evaluation-test";

    private TestSplitEvaluation() {
    }

    /** @return the card entries {@code test}, {@code selectiveVerdictTest} and {@code shortcutAuditTest} */
    static Map<String, Object> run(Path bundle, ModelCard card, Path data, PreparedDataset test,
                                   Optional<Path> lungMasks) throws java.io.IOException {
        Path savedModel = bundle.resolve(ModelBundle.SAVED_MODEL_DIR);
        List<LabelledPrediction> predictions = ExportedModelPredictions.predict(savedModel, test);
        EvaluationReport report = Evaluator.evaluate("model " + card.version() + " on the test split", predictions,
                EvaluationSettings.of(ModelSignature.CLASSES, ModelSignature.CLASSES.get(ModelSignature.COVID),
                        (float) card.operatingThreshold()));
        report.writeTo(bundle.resolve(FOLDER));
        ShortcutAuditReport audit = ShortcutAudit.ofModel(savedModel, card, AuditSubjects.load(data, test.images(),
                lungMasks.filter(Files::isDirectory)).subjects());
        audit.writeTo(bundle.resolve(FOLDER));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("test", ModelFinisher.summary(report));
        metrics.put("selectiveVerdictTest", SelectiveVerdict.measure(predictions, card.operatingThreshold(),
                card.confidentThreshold()).toCardMetric());
        metrics.put("shortcutAuditTest", audit.summary());
        return metrics;
    }
}
