package org.covidcxr.app.ui.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.covidcxr.app.analysis.AnalysisService;
import org.covidcxr.app.selftest.ComputeDevice;
import org.covidcxr.app.ui.worklist.WorklistItem;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.inference.serving.Verdict;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelCard;

/**
 * The analysis panel of the selected image: gauge value and scale, verdict (never a diagnosis), class bars,
 * suitability flags, model version and intended use. Follows the selected {@link WorklistItem}.
 */
public final class AnalysisViewModel {
    /** One bar: a class and its calibrated probability. */
    public record ClassProbability(String name, double probability) {
    }

    private final ReadOnlyDoubleWrapper covidProbability = new ReadOnlyDoubleWrapper(WorklistItem.NO_PROBABILITY);
    /** The last result's scale; before any, a plain one with the threshold in the middle (shown without labels). */
    private final ReadOnlyObjectWrapper<ProbabilityScale> scale =
            new ReadOnlyObjectWrapper<>(new ProbabilityScale(0.5, 0.5));
    public static final String VERDICT_SUSPECTED = "verdict-suspected";
    public static final String VERDICT_INDETERMINATE = "verdict-indeterminate";
    public static final String VERDICT_NOT_SUSPECTED = "verdict-not-suspected";

    private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper verdictStyle = new ReadOnlyStringWrapper(VERDICT_NOT_SUSPECTED);
    private final ReadOnlyBooleanWrapper hasResult = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Open an image to analyse it.");
    private final ReadOnlyStringWrapper modelVersion = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper device = new ReadOnlyStringWrapper("");
    private Optional<ModelBundle> shownBundle = Optional.empty();
    /** A model used in this session and the intended use its card states. */
    private record UsedModel(ModelBundle bundle, String intendedUse) {
        static UsedModel of(ModelBundle bundle) {
            String use = bundle.card().intendedUse();
            return new UsedModel(bundle, use == null || use.isBlank() ? ModelCard.DEFAULT_INTENDED_USE : use);
        }
    }

    /** Every model used in this session, by version: an image keeps showing the model that analysed it. */
    private final Map<String, UsedModel> modelsUsed = new HashMap<>();
    private String lastModelUsed = "";
    private final ReadOnlyStringWrapper intendedUse = new ReadOnlyStringWrapper(ModelCard.DEFAULT_INTENDED_USE);
    private final ReadOnlyBooleanWrapper canRunAnyway = new ReadOnlyBooleanWrapper();
    private final ObservableList<ClassProbability> classes = FXCollections.observableArrayList();
    private final ObservableList<String> flags = FXCollections.observableArrayList();

    private final InvalidationListener itemChanged = ignored -> refresh();
    private WorklistItem item;

    /** Follows another item (or none). */
    public void show(WorklistItem next) {
        if (item != null) {
            observed(item).forEach(o -> o.removeListener(itemChanged));
        }
        item = next;
        if (item != null) {
            observed(item).forEach(o -> o.addListener(itemChanged));
        }
        refresh();
    }

    /** A model that has just analysed an image, and where it computes. */
    public void model(ModelBundle bundle, ComputeDevice device) {
        modelsUsed.computeIfAbsent(bundle.version(), v -> UsedModel.of(bundle));
        lastModelUsed = bundle.version();
        this.device.set(device.describe());
        refresh();
    }

    /** The model behind the shown result (else the last model used), whose card the "model card" link shows. */
    public Optional<ModelBundle> shownModel() {
        return shownBundle;
    }

    /** The intended use stated by the card of a model used in this session. */
    public String intendedUse(String version) {
        return Optional.ofNullable(modelsUsed.get(version)).map(UsedModel::intendedUse)
                .orElse(ModelCard.DEFAULT_INTENDED_USE);
    }

    private void showModel(String version) {
        modelVersion.set(version);
        shownBundle = Optional.ofNullable(modelsUsed.get(version)).map(UsedModel::bundle);
        intendedUse.set(intendedUse(version));
    }

    private static List<Observable> observed(WorklistItem item) {
        return List.of(item.diagnosisProperty(), item.statusProperty(), item.suitabilityProperty(),
                item.messageProperty());
    }

    private void refresh() {
        Optional<Diagnosis> d = item == null ? Optional.empty() : item.result();
        showModel(d.map(Diagnosis::modelVersion).orElse(lastModelUsed));
        hasResult.set(d.isPresent());
        covidProbability.set(d.map(x -> (double) x.covidProbability()).orElse(WorklistItem.NO_PROBABILITY));
        d.ifPresent(x -> scale.set(new ProbabilityScale(x.operatingThreshold(), x.confidentThreshold())));
        verdict.set(d.map(AnalysisService::decision).orElse(""));
        verdictStyle.set(d.map(Diagnosis::verdict).map(AnalysisViewModel::styleOf).orElse(VERDICT_NOT_SUSPECTED));
        List<ClassProbability> bars = new ArrayList<>();
        d.ifPresent(x -> {
            for (int i = 0; i < x.classes().size(); i++) {
                bars.add(new ClassProbability(x.classes().get(i), x.probabilities()[i]));
            }
        });
        classes.setAll(bars);
        flags.setAll(item == null ? List.of() : item.suitabilityProperty().get().shownWith(d));
        canRunAnyway.set(item != null && d.isEmpty() && item.statusProperty().get() == WorklistItem.Status.FLAGGED);
        status.set(item == null ? "Open an image to analyse it." : statusText(item));
    }

    private static String statusText(WorklistItem item) {
        String message = item.messageProperty().get();
        return switch (item.statusProperty().get()) {
            case OPENING -> "Opening the image…";
            case ANALYSING -> "Analysing…";
            case ANALYSED -> "";
            case FLAGGED -> "Not analysed automatically: the model was not made for this image. "
                    + "You may still run it (Run anyway, or Analysis → Analyse again).";
            case NO_MODEL, FAILED -> message;
        };
    }

    public ReadOnlyDoubleProperty covidProbabilityProperty() {
        return covidProbability.getReadOnlyProperty();
    }

    /** The scale of the gauge: the thresholds of the model behind the shown result (else of the last one shown). */
    public ReadOnlyObjectProperty<ProbabilityScale> scaleProperty() {
        return scale.getReadOnlyProperty();
    }

    /** The style class of a verdict: the verdict line and the gauge's zones and fill share it, and so their colour. */
    public static String styleOf(Verdict verdict) {
        return switch (verdict) {
            case SUSPECTED -> VERDICT_SUSPECTED;
            case INDETERMINATE -> VERDICT_INDETERMINATE;
            case NOT_SUSPECTED -> VERDICT_NOT_SUSPECTED;
        };
    }

    public ReadOnlyStringProperty verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    /** The style class of the verdict shown: suspected, indeterminate or not suspected (the last also without one). */
    public ReadOnlyStringProperty verdictStyleProperty() {
        return verdictStyle.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasResultProperty() {
        return hasResult.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** "CPU" or "GPU", with the fallback notice when a GPU build found no usable GPU. */
    public ReadOnlyStringProperty deviceProperty() {
        return device.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modelVersionProperty() {
        return modelVersion.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty intendedUseProperty() {
        return intendedUse.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRunAnywayProperty() {
        return canRunAnyway.getReadOnlyProperty();
    }

    public ObservableList<ClassProbability> classes() {
        return classes;
    }

    public ObservableList<String> flags() {
        return flags;
    }
}
