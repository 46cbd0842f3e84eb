package org.covidcxr.app.ui.analysis;

import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.covidcxr.app.feedback.RadiologistLabel;
import org.covidcxr.app.ui.controls.Views;
import org.covidcxr.app.ui.models.ModelCardView;
import org.covidcxr.app.ui.viewer.ViewerViewModel;

/**
 * The analysis panel: gauge, verdict, flags, class bars and heat-map controls scroll; the radiologist's label, the model
 * and its intended use stay below them in sight.
 */
public final class AnalysisView extends VBox {
    private final AnalysisActions actions;
    private final AnalysisViewModel viewModel;
    private final ViewerViewModel viewer;
    private final ProbabilityGauge gauge = new ProbabilityGauge();

    @FXML private StackPane gaugeHolder;
    @FXML private Label verdictLabel;
    @FXML private Label thresholdLabel;
    @FXML private Label statusLabel;
    @FXML private VBox flagsBox;
    @FXML private Button runAnywayButton;
    @FXML private GridPane classBars;
    @FXML private CheckBox overlayToggle;
    @FXML private Slider opacitySlider;
    @FXML private ComboBox<String> overlayClassBox;
    @FXML private Label modelLabel;
    @FXML private Hyperlink modelCardLink;
    @FXML private Label intendedUseLabel;
    @FXML private HBox feedbackBox;

    public AnalysisView(AnalysisViewModel viewModel, ViewerViewModel viewer, AnalysisActions actions) {
        this.actions = actions;
        this.viewModel = viewModel;
        this.viewer = viewer;
        gauge.setId("covid-gauge");
        Views.load(this);
    }

    @FXML
    private void initialize() {
        gaugeHolder.getChildren().add(gauge);
        InvalidationListener gaugeChanged = o -> gauge.show(viewModel.scaleProperty().get(),
                viewModel.covidProbabilityProperty().get(), viewModel.verdictStyleProperty().get());
        viewModel.covidProbabilityProperty().addListener(gaugeChanged);
        viewModel.scaleProperty().addListener(gaugeChanged);
        viewModel.verdictStyleProperty().addListener(gaugeChanged);
        gaugeChanged.invalidated(null);

        verdictLabel.textProperty().bind(viewModel.verdictProperty());
        thresholdLabel.textProperty().bind(viewModel.scaleProperty().map(ProbabilityScale::legend));
        thresholdLabel.visibleProperty().bind(viewModel.hasResultProperty());
        viewModel.verdictStyleProperty().addListener((o, a, v) -> styleVerdict(v));
        styleVerdict(viewModel.verdictStyleProperty().get());
        statusLabel.textProperty().bind(viewModel.statusProperty());
        statusLabel.visibleProperty().bind(viewModel.statusProperty().isNotEmpty());
        statusLabel.managedProperty().bind(statusLabel.visibleProperty());

        viewModel.flags().addListener((ListChangeListener<String>) c -> updateFlags());
        runAnywayButton.visibleProperty().bind(viewModel.canRunAnywayProperty());
        runAnywayButton.managedProperty().bind(runAnywayButton.visibleProperty());
        runAnywayButton.setOnAction(e -> actions.runAnyway());
        updateFlags();

        viewModel.classes().addListener((ListChangeListener<AnalysisViewModel.ClassProbability>) c -> updateBars());

        overlayToggle.selectedProperty().bindBidirectional(viewer.overlayVisibleProperty());
        opacitySlider.valueProperty().bindBidirectional(viewer.overlayOpacityProperty());
        overlayClassBox.setItems(viewer.overlayClasses());
        overlayClassBox.valueProperty().bindBidirectional(viewer.overlayClassProperty());

        modelLabel.textProperty().bind(Bindings.createStringBinding(() -> viewModel.modelVersionProperty().get().isEmpty()
                ? "Model: not loaded yet"
                : "Model " + viewModel.modelVersionProperty().get() + " on " + viewModel.deviceProperty().get(),
                viewModel.modelVersionProperty(), viewModel.deviceProperty()));
        modelCardLink.disableProperty().bind(viewModel.modelVersionProperty().isEmpty());
        modelCardLink.setOnAction(e -> showModelCard());
        intendedUseLabel.textProperty().bind(viewModel.intendedUseProperty().map(u -> "Intended use: " + u + "."));
        feedbackBox.disableProperty().bind(Bindings.not(actions.hasSelection()));
    }

    @FXML
    private void labelCovid() {
        actions.recordFeedback(RadiologistLabel.COVID);
    }

    @FXML
    private void labelNormal() {
        actions.recordFeedback(RadiologistLabel.NORMAL);
    }

    @FXML
    private void labelPneumonia() {
        actions.recordFeedback(RadiologistLabel.PNEUMONIA);
    }

    @FXML
    private void labelUnsure() {
        actions.recordFeedback(RadiologistLabel.UNSURE);
    }

    private void styleVerdict(String styleClass) {
        verdictLabel.getStyleClass().removeAll(AnalysisViewModel.VERDICT_SUSPECTED,
                AnalysisViewModel.VERDICT_INDETERMINATE, AnalysisViewModel.VERDICT_NOT_SUSPECTED);
        verdictLabel.getStyleClass().add(styleClass);
    }

    private void updateFlags() {
        flagsBox.getChildren().setAll(viewModel.flags().stream().map(f -> {
            Label l = new Label("⚠ " + f);
            l.setWrapText(true);
            l.getStyleClass().add("flag");
            return l;
        }).toList());
        flagsBox.getChildren().add(runAnywayButton);
    }

    private void updateBars() {
        classBars.getChildren().clear();
        int row = 0;
        for (AnalysisViewModel.ClassProbability c : viewModel.classes()) {
            Label name = new Label(c.name());
            ProgressBar bar = new ProgressBar(c.probability());
            bar.setId("bar-" + c.name());
            bar.setMaxWidth(Double.MAX_VALUE);
            Label value = new Label(ProbabilityScale.percent(c.probability()));
            value.setId("value-" + c.name());
            value.setAlignment(Pos.CENTER_RIGHT);
            value.setMinWidth(55);
            classBars.addRow(row++, name, bar, value);
        }
    }

    private void showModelCard() {
        actions.readModelCard(content -> {
            ModelCardView card = new ModelCardView();
            card.show(content);
            card.setPrefSize(900, 640);
            Alert alert = new Alert(Alert.AlertType.INFORMATION);
            alert.initOwner(getScene().getWindow());
            alert.setTitle("Model card");
            alert.setHeaderText(null);
            alert.getDialogPane().setContent(card);
            alert.setResizable(true);
            alert.show();
        });
    }
}
