package org.covidcxr.app.ui.training;

import static org.covidcxr.app.ui.training.TrainingWizardView.series;

import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;
import org.covidcxr.app.ui.controls.Views;

/** Step 4 of the wizard: the training process's progress and live curves; pause, cancel, resume. */
final class TrainStepView extends VBox {
    private final TrainStep train;
    private final Runnable newRun;

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

    /** @param newRun starts the wizard over (offered once a run ended without a candidate) */
    TrainStepView(TrainStep train, Runnable newRun) {
        this.train = train;
        this.newRun = newRun;
        Views.load(this);
    }

    @FXML
    private void initialize() {
        TrainStep t = train;
        epochLabel.textProperty().bind(t.epochTextProperty());
        etaLabel.textProperty().bind(t.etaTextProperty());
        trainProgress.progressProperty().bind(t.progressProperty());
        trainMessage.textProperty().bind(t.messageProperty());
        pauseButton.setOnAction(e -> t.pause());
        cancelButton.setOnAction(e -> t.cancel());
        resumeButton.setOnAction(e -> t.start());
        pauseButton.disableProperty().bind(t.trainingProperty().not());
        cancelButton.disableProperty().bind(Bindings.createBooleanBinding(() -> !t.cancellable(),
                t.trainingProperty(), t.statusProperty()));
        trainNewRunButton.visibleProperty().bind(Bindings.createBooleanBinding(t::endedWithoutCandidate,
                t.trainingProperty(), t.statusProperty()));
        trainNewRunButton.managedProperty().bind(trainNewRunButton.visibleProperty());
        trainNewRunButton.setOnAction(e -> newRun.run());
        resumeButton.disableProperty().bind(Bindings.createBooleanBinding(() -> t.trainingProperty().get()
                || t.statusProperty().get() == null || !t.statusProperty().get().resumable(),
                t.trainingProperty(), t.statusProperty()));
        lossChart.getData().add(series("training", t.loss()));
        lossChart.getData().add(series("validation", t.validationLoss()));
        aurocChart.getData().add(series("validation macro AUROC", t.validationAuroc()));
    }
}
