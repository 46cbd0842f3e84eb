package org.covidcxr.app.ui.training;

import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.covidcxr.app.training.RunPhase.Action;
import org.covidcxr.app.ui.common.FailedCriteria;
import org.covidcxr.app.ui.controls.Views;

/** Step 6 of the wizard: publish the evaluated model (confirming a failed criterion), activate it, or discard it. */
final class PublishStepView extends VBox {
    private final TrainingWizardViewModel wizard;

    @FXML private Label publishSummary;
    @FXML private CheckBox overrideCheck;
    @FXML private Button publishButton;
    @FXML private Button activateButton;
    @FXML private Button discardButton;
    @FXML private Button newRunButton;
    @FXML private Label publishStatus;

    /** Takes the wizard, not only its step: what the controls offer is the wizard's phase, and a new run its work. */
    PublishStepView(TrainingWizardViewModel wizard) {
        this.wizard = wizard;
        Views.load(this);
    }

    @FXML
    private void initialize() {
        PublishStep p = wizard.publish();
        publishSummary.textProperty().bind(Bindings.createStringBinding(() -> p.candidateProperty().get() == null
                ? "" : (p.passedProperty().get()
                ? "The new model " + p.candidateProperty().get().candidateVersion() + " meets every acceptance "
                + "criterion. Publishing adds it to the model store with its model card; it is used for analysis "
                + "only once activated."
                : "The new model " + p.candidateProperty().get().candidateVersion() + " FAILS at least one "
                + "acceptance criterion (see Evaluate). Publishing it needs your explicit confirmation."),
                p.candidateProperty(), p.passedProperty()));
        overrideCheck.visibleProperty().bind(p.passedProperty().not().and(p.candidateProperty().isNotNull()));
        overrideCheck.managedProperty().bind(overrideCheck.visibleProperty());
        publishButton.disableProperty().bind(wizard.allows(Action.PUBLISH).not().or(p.busyProperty())
                .or(p.passedProperty().not().and(overrideCheck.selectedProperty().not())));
        overrideCheck.selectedProperty().bindBidirectional(p.overrideConfirmedProperty());
        publishButton.setOnAction(e -> p.publish());
        activateButton.disableProperty().bind(wizard.allows(Action.ACTIVATE).not().or(p.activatedProperty())
                .or(p.busyProperty()));
        activateButton.setOnAction(e -> {
            Optional<FailedCriteria> warning = p.activationWarning();
            if (warning.isEmpty()) {
                p.activate(Optional.empty());
            } else if (Views.confirm(this, warning.get().question(), warning.get().text())) {
                p.activate(Optional.of("confirmed on the training wizard's Publish page"));
            }
        });
        discardButton.disableProperty().bind(wizard.allows(Action.DISCARD).not().or(p.busyProperty()));
        discardButton.setOnAction(e -> p.discard());
        newRunButton.disableProperty().bind(wizard.allows(Action.NEW_RUN).not().or(p.busyProperty()));
        newRunButton.setOnAction(e -> wizard.newRun());
        publishStatus.textProperty().bind(p.statusProperty());
    }
}
