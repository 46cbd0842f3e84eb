package org.covidcxr.app.ui.training;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.covidcxr.app.training.Throughput;
import org.covidcxr.inference.sitetraining.AcceptanceCriteria;
import org.covidcxr.inference.sitetraining.SiteTrainingSettings;
import org.covidcxr.inference.sitetraining.Split;
import org.covidcxr.inference.sitetraining.SplitPlan;
import org.covidcxr.inference.sitetraining.TimeEstimate;

/**
 * Step 3: fine-tune (default) or train from scratch, the advanced knobs with sensible defaults, the acceptance
 * criteria (fixed here, before any result exists) and an estimate of the time.
 */
public final class SettingsStep {
    /**
     * Fine-tuning throughput on 2 CPU cores before this workstation measured its own (a run's images/s replaces it;
     * see README, "Performance — fine-tuning").
     */
    static final double DEFAULT_IMAGES_PER_SECOND = 60;

    private final SiteTrainingSettings defaults = SiteTrainingSettings.defaults();
    private final BooleanProperty fineTune = new SimpleBooleanProperty(defaults.fineTune());
    private final BooleanProperty advanced = new SimpleBooleanProperty();
    private final IntegerProperty epochs = new SimpleIntegerProperty(defaults.epochs());
    private final DoubleProperty learningRate = new SimpleDoubleProperty(defaults.learningRate());
    private final BooleanProperty freezeBackbone = new SimpleBooleanProperty(defaults.freezeBackbone());
    private final BooleanProperty augmentation = new SimpleBooleanProperty(defaults.augmentation());
    private final IntegerProperty batchSize = new SimpleIntegerProperty(defaults.batchSize());
    private final DoubleProperty maxAurocDrop = new SimpleDoubleProperty(AcceptanceCriteria.DEFAULT.maxAurocDrop());
    private final DoubleProperty maxSensitivityDrop = new SimpleDoubleProperty(
            AcceptanceCriteria.DEFAULT.maxSensitivityDrop());
    private final DoubleProperty maxSpecificityDrop = new SimpleDoubleProperty(
            AcceptanceCriteria.DEFAULT.maxSpecificityDrop());
    private final DoubleProperty maxMacroF1Drop = new SimpleDoubleProperty(AcceptanceCriteria.DEFAULT.maxMacroF1Drop());
    private final DoubleProperty maxLungsHiddenRise = new SimpleDoubleProperty(
            AcceptanceCriteria.DEFAULT.maxLungsHiddenRise());
    private final StringProperty estimate = new SimpleStringProperty("");
    private final StringProperty parentVersion = new SimpleStringProperty("");
    /** Measured on this computer, per configuration; newest wins. */
    private final Map<Throughput, Double> measured = new HashMap<>();
    private SplitPlan plan;

    SettingsStep() {
        for (var p : List.of(epochs, batchSize)) {
            p.addListener((o, a, b) -> updateEstimate(plan));
        }
        for (var p : List.of(fineTune, freezeBackbone)) {
            p.addListener((o, a, b) -> updateEstimate(plan));
        }
        // Switching between fine-tuning and training from scratch moves the learning rate to that mode's default.
        fineTune.addListener((o, was, now) -> {
            learningRate.set(now ? SiteTrainingSettings.FINE_TUNE_LEARNING_RATE
                    : SiteTrainingSettings.SCRATCH_LEARNING_RATE);
            if (!now) {
                freezeBackbone.set(false);
            }
        });
    }

    /** @throws IllegalArgumentException with a message for the trainer when a value is out of range */
    public SiteTrainingSettings settings() {
        return new SiteTrainingSettings(fineTune.get(), defaults.architecture(), epochs.get(), learningRate.get(),
                fineTune.get() && freezeBackbone.get(), augmentation.get(), batchSize.get(), defaults.seed());
    }

    public AcceptanceCriteria criteria() {
        return new AcceptanceCriteria(maxAurocDrop.get(), maxSensitivityDrop.get(), maxSpecificityDrop.get(),
                maxMacroF1Drop.get(), maxLungsHiddenRise.get());
    }

    /** The model fine-tuning starts from, if one is active. */
    public Optional<String> parent() {
        return parentVersion.get().isBlank() ? Optional.empty() : Optional.of(parentVersion.get());
    }

    /** A throughput (images/s) measured on this computer by a run with {@code settings}. */
    void measured(Throughput settings, double value) {
        if (value > 0) {
            measured.put(settings, value);
            updateEstimate(plan);
        }
    }

    /** The throughput the estimate uses for the current settings; the default when none was measured. */
    double imagesPerSecond() {
        return measured.getOrDefault(current(), DEFAULT_IMAGES_PER_SECOND);
    }

    private Throughput current() {
        return new Throughput(batchSize.get(), fineTune.get(), fineTune.get() && freezeBackbone.get());
    }

    void updateEstimate(SplitPlan plan) {
        this.plan = plan;
        if (plan == null) {
            estimate.set("");
            return;
        }
        Double known = measured.get(current());
        double ips = known != null ? known : DEFAULT_IMAGES_PER_SECOND;
        estimate.set("Estimated time: " + TimeEstimate.describe(TimeEstimate.of(plan.images(Split.TRAIN).size(),
                plan.images(Split.VAL).size(), Math.max(1, epochs.get()), ips))
                + (known != null ? String.format(Locale.ROOT, " (at %.1f images/s, measured on this computer with %s)",
                ips, current().describe()) : String.format(Locale.ROOT, " (a rough guess at %.0f images/s: no run "
                + "with %s has been measured on this computer yet)", ips, current().describe())));
    }

    public BooleanProperty fineTuneProperty() {
        return fineTune;
    }

    public BooleanProperty advancedProperty() {
        return advanced;
    }

    public IntegerProperty epochsProperty() {
        return epochs;
    }

    public DoubleProperty learningRateProperty() {
        return learningRate;
    }

    public BooleanProperty freezeBackboneProperty() {
        return freezeBackbone;
    }

    public BooleanProperty augmentationProperty() {
        return augmentation;
    }

    public IntegerProperty batchSizeProperty() {
        return batchSize;
    }

    public DoubleProperty maxAurocDropProperty() {
        return maxAurocDrop;
    }

    public DoubleProperty maxSensitivityDropProperty() {
        return maxSensitivityDrop;
    }

    public DoubleProperty maxSpecificityDropProperty() {
        return maxSpecificityDrop;
    }

    public DoubleProperty maxMacroF1DropProperty() {
        return maxMacroF1Drop;
    }

    public DoubleProperty maxLungsHiddenRiseProperty() {
        return maxLungsHiddenRise;
    }

    public StringProperty estimateProperty() {
        return estimate;
    }

    public StringProperty parentVersionProperty() {
        return parentVersion;
    }
}
