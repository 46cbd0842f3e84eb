package org.covidcxr.app.ui.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.covidcxr.app.training.TrainingImages;
import org.covidcxr.app.training.TrainingServices;
import org.covidcxr.app.ui.common.BackgroundWork;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.evaluation.ClassMetrics;
import org.covidcxr.inference.evaluation.ConfusionMatrix;
import org.covidcxr.inference.evaluation.EvaluationReport;
import org.covidcxr.inference.evaluation.GroupMetrics;
import org.covidcxr.inference.evaluation.ReliabilityBin;
import org.covidcxr.inference.evaluation.RocPoint;
import org.covidcxr.inference.sitetraining.Cancellation;
import org.covidcxr.inference.sitetraining.CriterionResult;
import org.covidcxr.inference.sitetraining.GalleryItem;
import org.covidcxr.inference.sitetraining.ModelComparison;
import org.covidcxr.inference.sitetraining.RunFolder;
import org.covidcxr.inference.sitetraining.SiteEvaluation;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;

/**
 * Step 5: the new model beside the active one on the site test split (criteria verdict, metrics, ROC, confusion
 * matrices, calibration, Grad-CAM gallery). Each outcome goes to the Publish step.
 */
public final class EvaluateStep {
    static final int GALLERY_SIZE = 200;
    private static final String COVID = ModelSignature.CLASSES.get(ModelSignature.COVID);

    private final TrainingServices services;
    private final Executor background;
    private final Executor ui;
    private final BiConsumer<RunFolder, ModelComparison> results;

    private final BooleanProperty evaluating = new SimpleBooleanProperty();
    /** The last evaluation ended without a result (cancelled, failed, no active model). */
    private final BooleanProperty stopped = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty status = new SimpleStringProperty("");
    private final ObjectProperty<ModelComparison> comparison = new SimpleObjectProperty<>();
    private final BooleanProperty passed = new SimpleBooleanProperty();
    private final ObservableList<CriterionResult> criteria = FXCollections.observableArrayList();
    private final ObservableList<MetricRow> metrics = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> activeRoc = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> candidateRoc = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> activeCalibration = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> candidateCalibration = FXCollections.observableArrayList();
    private final ObjectProperty<ConfusionMatrix> activeMatrix = new SimpleObjectProperty<>();
    private final ObjectProperty<ConfusionMatrix> candidateMatrix = new SimpleObjectProperty<>();
    private final ObservableList<GalleryTile> gallery = FXCollections.observableArrayList();
    private RunFolder run;
    private Cancellation cancellation = new Cancellation();

    /**
     * @param results told of each evaluation of a run's candidate: {@code null} when it starts, the comparison when
     *                it completes
     */
    EvaluateStep(TrainingServices services, Executor background, Executor ui,
                 BiConsumer<RunFolder, ModelComparison> results) {
        this.services = services;
        this.background = background;
        this.ui = ui;
        this.results = results;
    }

    /**
     * Evaluates the run's candidate against the store's active model, in the background (both bundles are verified
     * there too: hashing a bundle takes a while).
     */
    public void evaluate(RunFolder folder) {
        run = folder;
        comparison.set(null);
        results.accept(folder, null);
        Cancellation token = new Cancellation();
        cancellation = token;
        evaluating.set(true);
        stopped.set(false);
        progress.set(0);
        status.set("Evaluating both models on the site test split…");
        background.execute(() -> {
            try {
                token.check();
                ModelBundle candidate = ModelBundles.open(folder.candidate());
                Optional<ModelBundle> active = services.store().active();
                if (active.isEmpty()) {
                    ui.execute(() -> {
                        status.set("No model is active: activate one in the Models view, then evaluate again.");
                        endWithoutResult();
                    });
                    return;
                }
                var criteriaSet = folder.state().criteria();
                ModelComparison result = SiteEvaluation.compare(folder, active.get(), candidate, criteriaSet,
                        (done, total, file) -> ui.execute(() -> progress.set((double) done / total)), token);
                List<GalleryTile> tiles = tiles(result);
                ui.execute(() -> show(folder, result, tiles));
            } catch (CancellationException e) {
                ui.execute(() -> {
                    status.set("Evaluation cancelled. Evaluate again before publishing.");
                    endWithoutResult();
                });
            } catch (IOException | RuntimeException e) {
                ui.execute(() -> {
                    status.set("Evaluation failed: " + BackgroundWork.logged("Evaluating a candidate", e));
                    endWithoutResult();
                });
            }
        });
    }

    private void endWithoutResult() {
        evaluating.set(false);
        stopped.set(true);
    }

    /** Runs the evaluation of the current run again: after a cancel or a failure, or on a changed active model. */
    public void evaluateAgain() {
        if (run != null && !evaluating.get()) {
            evaluate(run);
        }
    }

    /** Shows no evaluation any more (the wizard starts over). */
    void clear() {
        if (evaluating.get()) {
            return;
        }
        run = null;
        comparison.set(null);
        stopped.set(false);
        progress.set(0);
        status.set("");
        passed.set(false);
        criteria.clear();
        metrics.clear();
        activeRoc.clear();
        candidateRoc.clear();
        activeCalibration.clear();
        candidateCalibration.clear();
        activeMatrix.set(null);
        candidateMatrix.set(null);
        gallery.clear();
    }

    /** Stops the evaluation after the image in progress. */
    public void cancel() {
        cancellation.cancel();
    }

    private static List<GalleryTile> tiles(ModelComparison result) {
        List<GalleryTile> tiles = new ArrayList<>();
        for (GalleryItem item : result.gallery()) {
            var active = TrainingImages.overlay(item.file(), item.active().heatMap(COVID), GALLERY_SIZE);
            var candidate = TrainingImages.overlay(item.file(), item.candidate().heatMap(COVID), GALLERY_SIZE);
            if (active.isPresent() && candidate.isPresent()) {
                tiles.add(new GalleryTile(item.label(), item.active().covidProbability(),
                        item.candidate().covidProbability(), active.get(), candidate.get()));
            }
        }
        return tiles;
    }

    private void show(RunFolder folder, ModelComparison result, List<GalleryTile> tiles) {
        criteria.setAll(result.criteria());
        passed.set(result.passed());
        GroupMetrics a = result.active().overall();
        GroupMetrics c = result.candidate().overall();
        metrics.setAll(rows(result.active(), result.candidate()));
        activeRoc.setAll(roc(a));
        candidateRoc.setAll(roc(c));
        activeCalibration.setAll(reliability(a));
        candidateCalibration.setAll(reliability(c));
        activeMatrix.set(a.confusionMatrix());
        candidateMatrix.set(c.confusionMatrix());
        gallery.setAll(tiles);
        results.accept(folder, result);
        comparison.set(result);
        status.set(verdict(result));
        evaluating.set(false);
    }

    /** The one-line verdict on a comparison (the Publish step opens with it too). */
    static String verdict(ModelComparison result) {
        return result.passed() ? "The new model meets every acceptance criterion."
                : "The new model does NOT meet every acceptance criterion.";
    }

    private static List<MetricRow> rows(EvaluationReport active, EvaluationReport candidate) {
        GroupMetrics a = active.overall();
        GroupMetrics c = candidate.overall();
        ClassMetrics ac = a.classMetrics(COVID);
        ClassMetrics cc = c.classMetrics(COVID);
        return List.of(
                new MetricRow("Images (patients)", a.images() + " (" + a.patients() + ")",
                        c.images() + " (" + c.patients() + ")"),
                new MetricRow("COVID-19 AUROC (95% CI)", auroc(ac), auroc(cc)),
                new MetricRow("Macro AUROC", format(a.macroAuroc()), format(c.macroAuroc())),
                new MetricRow("Operating threshold", String.format("%.3f", a.operatingPoint().threshold()),
                        String.format("%.3f", c.operatingPoint().threshold())),
                new MetricRow("COVID-19 sensitivity at threshold", format(a.operatingPoint().sensitivity()),
                        format(c.operatingPoint().sensitivity())),
                new MetricRow("COVID-19 specificity at threshold", format(a.operatingPoint().specificity()),
                        format(c.operatingPoint().specificity())),
                new MetricRow("Accuracy", String.format("%.3f", a.accuracy()), String.format("%.3f", c.accuracy())),
                new MetricRow("Macro F1", String.format("%.3f", a.macroF1()), String.format("%.3f", c.macroF1())),
                new MetricRow("Expected calibration error", String.format("%.3f",
                        a.calibration().expectedCalibrationError()), String.format("%.3f",
                        c.calibration().expectedCalibrationError())));
    }

    private static String auroc(ClassMetrics m) {
        return format(m.auroc()) + m.aurocCi().map(ci -> String.format(" (%.3f–%.3f)", ci.lower(), ci.upper()))
                .orElse("");
    }

    private static String format(OptionalDouble v) {
        return v.isPresent() ? String.format("%.3f", v.getAsDouble()) : "n/a";
    }

    private static List<ChartPoint> roc(GroupMetrics g) {
        return g.classMetrics(COVID).roc().stream()
                .map((RocPoint p) -> new ChartPoint(p.falsePositiveRate(), p.truePositiveRate())).toList();
    }

    private static List<ChartPoint> reliability(GroupMetrics g) {
        List<ChartPoint> points = new ArrayList<>();
        for (ReliabilityBin bin : g.calibration().bins()) {
            if (bin.meanConfidence().isPresent() && bin.accuracy().isPresent()) {
                points.add(new ChartPoint(bin.meanConfidence().getAsDouble(), bin.accuracy().getAsDouble()));
            }
        }
        return points;
    }

    /** An evaluation is running (it can be cancelled). */
    public BooleanProperty evaluatingProperty() {
        return evaluating;
    }

    /** The last evaluation ended without a result; it can be run again. */
    public BooleanProperty stoppedProperty() {
        return stopped;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public ObjectProperty<ModelComparison> comparisonProperty() {
        return comparison;
    }

    public BooleanProperty passedProperty() {
        return passed;
    }

    public ObservableList<CriterionResult> criteria() {
        return criteria;
    }

    public ObservableList<MetricRow> metrics() {
        return metrics;
    }

    public ObservableList<ChartPoint> activeRoc() {
        return activeRoc;
    }

    public ObservableList<ChartPoint> candidateRoc() {
        return candidateRoc;
    }

    public ObservableList<ChartPoint> activeCalibration() {
        return activeCalibration;
    }

    public ObservableList<ChartPoint> candidateCalibration() {
        return candidateCalibration;
    }

    public ObjectProperty<ConfusionMatrix> activeMatrixProperty() {
        return activeMatrix;
    }

    public ObjectProperty<ConfusionMatrix> candidateMatrixProperty() {
        return candidateMatrix;
    }

    public ObservableList<GalleryTile> gallery() {
        return gallery;
    }
}
