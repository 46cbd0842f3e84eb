package org.covidcxr.app.ui.training;

import java.util.Map;
import java.util.Random;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.sitetraining.ScanResult;
import org.covidcxr.inference.sitetraining.Split;
import org.covidcxr.inference.sitetraining.SplitPlan;
import org.covidcxr.inference.sitetraining.SplitPlanner;
import org.covidcxr.inference.sitetraining.SplitSettings;

/** Step 2: patient-level split with a visible, editable seed; counts per class and split; warnings. */
public final class SplitStep {
    /** How many classes the counts have a row for. */
    public static final int CLASSES = ModelSignature.CLASSES.size();

    private final LongProperty seed = new SimpleLongProperty(new Random().nextInt(1_000_000));
    private final DoubleProperty validationFraction = new SimpleDoubleProperty(SplitSettings.DEFAULT_VALIDATION);
    private final DoubleProperty testFraction = new SimpleDoubleProperty(SplitSettings.DEFAULT_TEST);
    private final ObjectProperty<SplitPlan> plan = new SimpleObjectProperty<>();
    private final ObservableList<ClassCount> counts = FXCollections.observableArrayList();
    private final ObservableList<String> warnings = FXCollections.observableArrayList();
    private final StringProperty error = new SimpleStringProperty("");

    /** Splits the scanned images (fast: no file is touched); called whenever the scan or a setting changes. */
    public void plan(ScanResult scan) {
        if (scan == null) {
            clear();
            return;
        }
        SplitSettings settings;
        try {
            settings = new SplitSettings(validationFraction.get(), testFraction.get(), seed.get());
        } catch (IllegalArgumentException e) {
            clear();
            error.set(e.getMessage());
            return;
        }
        SplitPlan p = SplitPlanner.plan(scan, settings);
        Map<Split, Map<String, Integer>> images = p.imageCounts();
        Map<String, Integer> patients = scan.patientsPerClass();
        counts.setAll(scan.imagesPerClass().entrySet().stream().map(e -> new ClassCount(e.getKey(), e.getValue(),
                patients.get(e.getKey()), images.get(Split.TRAIN).get(e.getKey()),
                images.get(Split.VAL).get(e.getKey()), images.get(Split.TEST).get(e.getKey()))).toList());
        warnings.setAll(p.warnings());
        error.set("");
        plan.set(p);
    }

    private void clear() {
        counts.clear();
        warnings.clear();
        plan.set(null);
    }

    public LongProperty seedProperty() {
        return seed;
    }

    public DoubleProperty validationFractionProperty() {
        return validationFraction;
    }

    public DoubleProperty testFractionProperty() {
        return testFraction;
    }

    public ObjectProperty<SplitPlan> planProperty() {
        return plan;
    }

    public ObservableList<ClassCount> counts() {
        return counts;
    }

    public ObservableList<String> warnings() {
        return warnings;
    }

    public StringProperty errorProperty() {
        return error;
    }
}
