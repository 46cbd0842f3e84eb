package org.covidcxr.app.ui.training;

import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.util.converter.NumberStringConverter;
import org.covidcxr.app.training.RunPhase.Action;
import org.covidcxr.app.ui.controls.Views;

/**
 * Step 3 of the wizard: how to train and the acceptance criteria, then the dataset copy that starts the run. It takes
 * the wizard, not only its step: starting a run draws on the Data and Split steps too, so the wizard owns it.
 */
final class SettingsStepView extends VBox {
    private final TrainingWizardViewModel wizard;

    @FXML private RadioButton fineTuneRadio;
    @FXML private RadioButton scratchRadio;
    @FXML private ToggleButton advancedToggle;
    @FXML private GridPane advancedGrid;
    @FXML private Spinner<Integer> epochsSpinner;
    @FXML private TextField learningRateField;
    @FXML private Spinner<Integer> batchSpinner;
    @FXML private CheckBox freezeCheck;
    @FXML private CheckBox augmentationCheck;
    @FXML private TextField aurocDropField;
    @FXML private TextField sensitivityDropField;
    @FXML private TextField specificityDropField;
    @FXML private TextField macroF1DropField;
    @FXML private TextField lungsHiddenRiseField;
    @FXML private Label estimateLabel;
    @FXML private Button startButton;
    @FXML private ProgressBar prepareProgress;
    @FXML private Button cancelCopyButton;

    SettingsStepView(TrainingWizardViewModel wizard) {
        this.wizard = wizard;
        Views.load(this);
    }

    @FXML
    private void initialize() {
        SettingsStep s = wizard.settings();
        fineTuneRadio.textProperty().bind(Bindings.createStringBinding(() -> s.parentVersionProperty().get().isBlank()
                ? "Fine-tune the active model (no model is active)"
                : "Fine-tune the active model " + s.parentVersionProperty().get() + " (recommended)",
                s.parentVersionProperty()));
        fineTuneRadio.setSelected(s.fineTuneProperty().get());
        scratchRadio.setSelected(!s.fineTuneProperty().get());
        fineTuneRadio.selectedProperty().addListener((o, a, now) -> s.fineTuneProperty().set(now));
        advancedToggle.selectedProperty().bindBidirectional(s.advancedProperty());
        advancedGrid.visibleProperty().bind(s.advancedProperty());
        advancedGrid.managedProperty().bind(s.advancedProperty());
        epochsSpinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 500,
                s.epochsProperty().get()));
        epochsSpinner.valueProperty().addListener((o, a, v) -> s.epochsProperty().set(v));
        s.epochsProperty().addListener((o, a, v) -> epochsSpinner.getValueFactory().setValue(v.intValue()));
        batchSpinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(2, 256,
                s.batchSizeProperty().get()));
        batchSpinner.valueProperty().addListener((o, a, v) -> s.batchSizeProperty().set(v));
        learningRateField.textProperty().bindBidirectional(s.learningRateProperty(),
                new NumberStringConverter("0.######"));
        freezeCheck.selectedProperty().bindBidirectional(s.freezeBackboneProperty());
        freezeCheck.disableProperty().bind(s.fineTuneProperty().not());
        augmentationCheck.selectedProperty().bindBidirectional(s.augmentationProperty());
        aurocDropField.textProperty().bindBidirectional(s.maxAurocDropProperty(), new NumberStringConverter("0.###"));
        sensitivityDropField.textProperty().bindBidirectional(s.maxSensitivityDropProperty(),
                new NumberStringConverter("0.###"));
        specificityDropField.textProperty().bindBidirectional(s.maxSpecificityDropProperty(),
                new NumberStringConverter("0.###"));
        macroF1DropField.textProperty().bindBidirectional(s.maxMacroF1DropProperty(),
                new NumberStringConverter("0.###"));
        lungsHiddenRiseField.textProperty().bindBidirectional(s.maxLungsHiddenRiseProperty(),
                new NumberStringConverter("0.###"));
        estimateLabel.textProperty().bind(s.estimateProperty());
        startButton.setOnAction(e -> wizard.startTraining());
        startButton.disableProperty().bind(wizard.allows(Action.START).not());
        prepareProgress.progressProperty().bind(wizard.prepareProgressProperty());
        prepareProgress.visibleProperty().bind(wizard.preparingProperty());
        cancelCopyButton.setOnAction(e -> wizard.cancelPreparation());
        cancelCopyButton.visibleProperty().bind(wizard.allows(Action.CANCEL_COPY));
        cancelCopyButton.managedProperty().bind(cancelCopyButton.visibleProperty());
    }
}
