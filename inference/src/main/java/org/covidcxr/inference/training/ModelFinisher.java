package org.covidcxr.inference.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Optional;
import org.covidcxr.files.FileTrees;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.Preprocessor;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.data.PreparedDataset;
import org.covidcxr.inference.evaluation.ClassMetrics;
import org.covidcxr.inference.evaluation.EvaluationReport;
import org.covidcxr.inference.evaluation.EvaluationSettings;
import org.covidcxr.inference.evaluation.Evaluator;
import org.covidcxr.inference.evaluation.ExportedModelPredictions;
import org.covidcxr.inference.evaluation.GroupMetrics;
import org.covidcxr.inference.evaluation.LabelledPrediction;
import org.covidcxr.inference.evaluation.OperatingPoint;
import org.covidcxr.inference.evaluation.TemperatureScaling;
import org.covidcxr.inference.evaluation.SelectiveVerdict;
import org.covidcxr.inference.evaluation.ThresholdRule;
import org.covidcxr.inference.evaluation.ThresholdSelection;
import org.covidcxr.inference.network.Architecture;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelCard;
import org.covidcxr.modelstore.ModelCards;

/**
 * Turns a finished run into a model bundle folder: fits the temperature on the validation logits, exports the
 * SavedModel with it, picks the COVID-19 operating threshold on the calibrated validation probabilities
 * (sensitivity ≥ 0.95), evaluates on validation and writes the model card. Sealing ({@code ModelBundles.seal}) is
 * left to the caller, which may add test metrics to the card first.
 */
public final class ModelFinisher {
    public static final double TARGET_SENSITIVITY = ThresholdSelection.DEFAULT_TARGET_SENSITIVITY;

    /** The bundle folder's content before sealing. */
    public record Finished(Path bundle, ModelCard card, EvaluationReport validation) {
    }

    private ModelFinisher() {
    }

    /**
     * What goes into a bundle: a network, where its weights are, and the data it was trained and validated on.
     *
     * @param config          the run's settings (input size, data, augmentation; the bundle goes to its
     *                        {@link TrainingConfig#bundleDirectory()})
     * @param trainingSummary how training went, for the card's notes
     */
    public record Candidate(TrainingConfig config, Architecture architecture, SavedModelExporter.Weights weights,
                            PreparedDataset train, PreparedDataset validation, String trainingSummary) {
    }

    public static Finished finish(Trainer.Result run, String version, Optional<String> parentVersion,
                                  String createdBy, List<String> limitations, String notes) {
        return finish(run.candidate(), version, parentVersion, createdBy, limitations, notes);
    }

    public static Finished finish(Candidate run, String version, Optional<String> parentVersion,
                                  String createdBy, List<String> limitations, String notes) {
        Path bundle = run.config().bundleDirectory();
        deleteTree(bundle);
        Path uncalibrated = run.config().out().resolve("uncalibrated");
        deleteTree(uncalibrated);
        int size = run.config().inputSize();
        SavedModelExporter.export(run.architecture(), size, 1f, run.weights(), uncalibrated);
        List<LabelledPrediction> raw = ExportedModelPredictions.predict(uncalibrated, run.validation());
        float temperature = (float) TemperatureScaling.fit(raw).temperature();
        deleteTree(uncalibrated);

        Path savedModel = bundle.resolve(ModelBundle.SAVED_MODEL_DIR);
        SavedModelExporter.Exported exported = SavedModelExporter.export(run.architecture(), size, temperature,
                run.weights(), savedModel);
        List<LabelledPrediction> validation = ExportedModelPredictions.predict(savedModel, run.validation());
        Optional<Double> parentThreshold = run.config().initFrom()
                .map(parent -> ModelCards.read(parent.resolve(ModelBundle.CARD_FILE)).operatingThreshold());
        ThresholdRule.Choice threshold = ThresholdRule.choose(validation, ModelSignature.COVID, TARGET_SENSITIVITY,
                parentThreshold);
        EvaluationReport report = Evaluator.evaluate("model " + version + " on the validation split", validation,
                EvaluationSettings.of(ModelSignature.CLASSES, ModelSignature.CLASSES.get(ModelSignature.COVID),
                        threshold.threshold()));
        SelectiveVerdict.Choice selective = SelectiveVerdict.choose(validation, threshold.threshold());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("validation", summary(report));
        metrics.put(ModelCard.SELECTIVE_METRIC, selective.toCardMetric());
        ModelCard card = new ModelCard(version, run.architecture().cardName(), ModelSignature.CLASSES,
                new ModelCard.InputSpec(size, size, 1, ModelSignature.INPUT_IMAGE, ModelCard.InputSpec.DEFAULT_DTYPE),
                preprocessing(size), threshold.threshold(), temperature, trainingData(run), metrics,
                ModelCard.DEFAULT_INTENDED_USE, limitations, parentVersion.orElse(null), Instant.now(), createdBy,
                notes + " " + run.trainingSummary() + String.format(" %.3f GFLOPs per image. ",
                        exported.flopsPerImage() / 1e9) + threshold.rule() + " " + selective.rule());
        ModelCards.write(card, bundle.resolve(ModelBundle.CARD_FILE));
        return new Finished(bundle, card, report);
    }

    /** A compact, readable digest of a report for the model card (the full report sits beside it). */
    public static Map<String, Object> summary(EvaluationReport report) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("overall", group(report.overall()));
        Map<String, Object> sources = new LinkedHashMap<>();
        report.bySource().forEach((name, g) -> sources.put(name, group(g)));
        out.put("bySource", sources);
        return out;
    }

    /** Removes a folder the run rewrites or no longer needs; one that cannot be removed fails the run. */
    private static void deleteTree(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> group(GroupMetrics g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", g.images());
        m.put("patients", g.patients());
        m.put("accuracy", round(g.accuracy()));
        m.put("macroF1", round(g.macroF1()));
        g.macroAuroc().ifPresent(v -> m.put("macroAuroc", round(v)));
        for (ClassMetrics c : g.classes()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("support", c.support());
            c.auroc().ifPresent(v -> cm.put("auroc", round(v)));
            c.aurocCi().ifPresent(ci -> cm.put("aurocCi95", List.of(round(ci.lower()), round(ci.upper()))));
            c.f1().ifPresent(v -> cm.put("f1", round(v)));
            c.recall().ifPresent(v -> cm.put("recall", round(v)));
            c.precision().ifPresent(v -> cm.put("precision", round(v)));
            m.put(c.name(), cm);
        }
        OperatingPoint op = g.operatingPoint();
        Map<String, Object> opm = new LinkedHashMap<>();
        opm.put("threshold", round(op.threshold()));
        op.sensitivity().ifPresent(v -> opm.put("sensitivity", round(v)));
        op.specificity().ifPresent(v -> opm.put("specificity", round(v)));
        op.ppv().ifPresent(v -> opm.put("ppv", round(v)));
        op.npv().ifPresent(v -> opm.put("npv", round(v)));
        m.put("covidOperatingPoint", opm);
        m.put("ece", round(g.calibration().expectedCalibrationError()));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static ModelCard.Preprocessing preprocessing(int size) {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("clipLowPercentile", Preprocessor.LOW_PERCENTILE);
        p.put("clipHighPercentile", Preprocessor.HIGH_PERCENTILE);
        p.put("mean", (double) Preprocessor.MEAN);
        p.put("std", (double) Preprocessor.STD);
        p.put("inputSize", (double) size);
        return new ModelCard.Preprocessing(new Preprocessor(size).description(), p);
    }

    private static ModelCard.TrainingData trainingData(Candidate run) {
        List<LabelledImage> all = new ArrayList<>(run.train().images());
        all.addAll(run.validation().images());
        Map<String, Map<String, Integer>> bySplit = new LinkedHashMap<>();
        bySplit.put(Datasets.TRAIN, Datasets.countByClass(run.train().images()));
        bySplit.put(Datasets.VAL, Datasets.countByClass(run.validation().images()));
        Map<String, Map<String, Integer>> bySource = new LinkedHashMap<>();
        all.stream().map(LabelledImage::source).distinct().sorted().forEach(s -> bySource.put(s,
                Datasets.countByClass(all.stream().filter(i -> i.source().equals(s)).toList())));
        return new ModelCard.TrainingData("trained on 'train' (" + run.train().size() + " images), early stopping, "
                + "temperature and threshold on 'val' (" + run.validation().size() + " images) of "
                + run.config().data().getFileName() + "; split by patient; "
                + (run.config().augment() ? "seeded augmentation (rotation, scale/shift, gamma/contrast/brightness, "
                + "noise)" : "no augmentation") + "; class-weighted cross-entropy"
                + run.config().defences().describe().stream().map(d -> "; " + d).collect(Collectors.joining())
                + "; best epoch by " + run.config().selectOn().description(), bySplit, bySource);
    }
}
