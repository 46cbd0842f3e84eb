package org.covidcxr.app.ui.training;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import org.covidcxr.app.ui.controls.Views;
import org.covidcxr.app.ui.training.TrainingWizardViewModel.Step;

/**
 * The "Training" tab: the shell of the six-step wizard (step bar, unfinished-run banner, Back/Next) around one view
 * per step, of which it shows the current one. Thin: every decision is the ViewModel's.
 */
public final class TrainingWizardView extends BorderPane {
    private final TrainingWizardViewModel vm;

    @FXML private HBox stepBar;
    @FXML private HBox unfinishedBanner;
    @FXML private Label unfinishedLabel;
    @FXML private Button continueButton;
    @FXML private Button cancelUnfinishedButton;
    @FXML private StackPane stepPanes;
    @FXML private Label messageLabel;
    @FXML private Button backButton;
    @FXML private Button nextButton;

    public TrainingWizardView(TrainingWizardViewModel viewModel) {
        this.vm = viewModel;
        Views.load(this);
    }

    @FXML
    private void initialize() {
        // In Step order: showStep picks a step's view by its ordinal.
        stepPanes.getChildren().setAll(new DataStepView(vm.data()), new SplitStepView(vm.split()),
                new SettingsStepView(vm), new TrainStepView(vm), new EvaluateStepView(vm), new PublishStepView(vm));
        for (Step s : Step.values()) {
            Label label = new Label((s.ordinal() + 1) + " " + s.title());
            label.getStyleClass().add("step");
            stepBar.getChildren().add(label);
        }
        vm.stepProperty().addListener((o, a, s) -> showStep(s));
        showStep(vm.stepProperty().get());
        nextButton.disableProperty().bind(vm.canGoNextProperty().not());
        nextButton.setOnAction(e -> vm.next());
        backButton.setOnAction(e -> vm.back());
        backButton.disableProperty().bind(vm.canGoBackProperty().not());
        messageLabel.textProperty().bind(vm.messageProperty());
        // Red only for a problem: "Copying de-identified images…" is news, not an error.
        vm.messageIsProblemProperty().addListener((o, was, problem) -> styleMessage(problem));
        styleMessage(vm.messageIsProblemProperty().get());
        unfinishedBanner.visibleProperty().bind(vm.unfinishedOfferedProperty());
        unfinishedBanner.managedProperty().bind(unfinishedBanner.visibleProperty());
        unfinishedLabel.textProperty().bind(vm.unfinishedNoticeProperty());
        continueButton.setOnAction(e -> vm.continueUnfinished());
        cancelUnfinishedButton.visibleProperty().bind(vm.unfinishedCancellableProperty());
        cancelUnfinishedButton.managedProperty().bind(cancelUnfinishedButton.visibleProperty());
        cancelUnfinishedButton.setOnAction(e -> vm.cancelUnfinished());
    }

    private void styleMessage(boolean problem) {
        messageLabel.getStyleClass().remove("error");
        if (problem) {
            messageLabel.getStyleClass().add("error");
        }
    }

    private void showStep(Step step) {
        ObservableList<Node> panes = stepPanes.getChildren();
        for (int i = 0; i < panes.size(); i++) {
            // Hidden pages are unmanaged too: their minimum sizes would otherwise set the wizard's and push the
            // footer (Back, Next) out of a small window.
            panes.get(i).setVisible(i == step.ordinal());
            panes.get(i).setManaged(i == step.ordinal());
        }
        for (int i = 0; i < stepBar.getChildren().size(); i++) {
            Node label = stepBar.getChildren().get(i);
            label.getStyleClass().removeAll("step-current", "step-done");
            if (i == step.ordinal()) {
                label.getStyleClass().add("step-current");
            } else if (i < step.ordinal()) {
                label.getStyleClass().add("step-done");
            }
        }
    }

    /**
     * A chart series that follows a ViewModel list, for the Train and Evaluate steps' charts. Kept on a view: a plain
     * helper class in this package would be held to the view-model rules, which keep it off the scene graph.
     */
    static XYChart.Series<Number, Number> series(String name, ObservableList<ChartPoint> points) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(name);
        Runnable copy = () -> series.getData().setAll(points.stream()
                .map(p -> new XYChart.Data<Number, Number>(p.x(), p.y())).toList());
        points.addListener((ListChangeListener<ChartPoint>) c -> copy.run());
        copy.run();
        return series;
    }
}
