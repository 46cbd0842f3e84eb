package org.covidcxr.app.ui.training;

import static org.covidcxr.app.ui.training.TrainingWizardView.series;

import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;
import org.covidcxr.app.training.RunPhase.Action;
import org.covidcxr.app.ui.controls.Views;

/** Step 4 of the wizard: the training process's progress and live curves; pause, cancel, resume. */
final class TrainStepView extends VBox {
    private final TrainingWizardViewModel wizard;

    @FXML private Label epochLabel;
    @FXML private Label etaLabel;
    @FXML private ProgressBar trainProgress;
    @FXML private Label trainMessage;
    @FXML private Button pauseButton;
    @FXML private Button cancelButton;
    @FXML private Button resumeButton;
    @FXML private Button trainNewRunButton;
    @FXML private LineChart<Number, Number> lossChart;
    @FXML private LineChart<Number, Number> aurocChart;

    /** Takes the wizard, not only its step: what the controls offer is the wizard's phase, and a new run its work. */
    TrainStepView(TrainingWizardViewModel wizard) {
        this.wizard = wizard;
        Views.load(this);
    }

    @FXML
    private void initialize() {
        TrainStep t = wizard.train();
        epochLabel.textProperty().bind(t.epochTextProperty());
        etaLabel.textProperty().bind(t.etaTextProperty());
        trainProgress.progressProperty().bind(t.progressProperty());
        trainMessage.textProperty().bind(t.messageProperty());
        pauseButton.setOnAction(e -> t.pause());
        cancelButton.setOnAction(e -> t.cancel());
        resumeButton.setOnAction(e -> t.start());
        pauseButton.disableProperty().bind(wizard.allows(Action.PAUSE).not());
        cancelButton.disableProperty().bind(wizard.allows(Action.CANCEL).not().or(t.changingProperty()));
        resumeButton.disableProperty().bind(wizard.allows(Action.RESUME).not().or(t.changingProperty()));
        trainNewRunButton.visibleProperty().bind(wizard.allows(Action.NEW_RUN));
        trainNewRunButton.managedProperty().bind(trainNewRunButton.visibleProperty());
        trainNewRunButton.setOnAction(e -> wizard.newRun());
        lossChart.getData().add(series("training", t.loss()));
        lossChart.getData().add(series("validation", t.validationLoss()));
        aurocChart.getData().add(series("validation macro AUROC", t.validationAuroc()));
    }
}
