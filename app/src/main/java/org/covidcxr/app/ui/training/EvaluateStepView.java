package org.covidcxr.app.ui.training;

import static org.covidcxr.app.ui.training.TrainingWizardView.series;

import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.covidcxr.app.training.RunPhase.Action;
import org.covidcxr.app.ui.controls.Views;
import org.covidcxr.inference.evaluation.ConfusionMatrix;
import org.covidcxr.inference.sitetraining.CriterionResult;

/**
 * Step 5 of the wizard: the new model beside the active one (criteria verdict, metrics, ROC and calibration curves,
 * confusion matrices, Grad-CAM gallery). A scroll pane: the comparison is taller than the window.
 */
final class EvaluateStepView extends ScrollPane {
    private final TrainingWizardViewModel wizard;

    @FXML private ProgressBar evaluateProgress;
    @FXML private Button cancelEvaluationButton;
    @FXML private Button evaluateAgainButton;
    @FXML private Label evaluateStatus;
    @FXML private TableView<CriterionResult> criteriaTable;
    @FXML private TableColumn<CriterionResult, String> criterionColumn;
    @FXML private TableColumn<CriterionResult, String> requirementColumn;
    @FXML private TableColumn<CriterionResult, String> criterionActiveColumn;
    @FXML private TableColumn<CriterionResult, String> criterionCandidateColumn;
    @FXML private TableColumn<CriterionResult, String> criterionResultColumn;
    @FXML private TableColumn<CriterionResult, String> criterionIntervalColumn;
    @FXML private TableColumn<CriterionResult, String> criterionReasonColumn;
    @FXML private TableView<MetricRow> metricsTable;
    @FXML private TableColumn<MetricRow, String> metricColumn;
    @FXML private TableColumn<MetricRow, String> metricActiveColumn;
    @FXML private TableColumn<MetricRow, String> metricCandidateColumn;
    @FXML private LineChart<Number, Number> rocChart;
    @FXML private LineChart<Number, Number> calibrationChart;
    @FXML private GridPane activeMatrixGrid;
    @FXML private GridPane candidateMatrixGrid;
    @FXML private FlowPane galleryPane;

    /** Takes the wizard, not only its step: what the controls offer is the wizard's phase. */
    EvaluateStepView(TrainingWizardViewModel wizard) {
        this.wizard = wizard;
        Views.load(this);
    }

    @FXML
    private void initialize() {
        EvaluateStep ev = wizard.evaluate();
        evaluateProgress.progressProperty().bind(ev.progressProperty());
        evaluateProgress.visibleProperty().bind(ev.evaluatingProperty());
        evaluateProgress.managedProperty().bind(ev.evaluatingProperty()); // the verdict starts the line once done
        cancelEvaluationButton.setOnAction(e -> ev.cancel());
        cancelEvaluationButton.visibleProperty().bind(wizard.allows(Action.CANCEL_EVALUATION));
        cancelEvaluationButton.managedProperty().bind(cancelEvaluationButton.visibleProperty());
        evaluateAgainButton.setOnAction(e -> ev.evaluateAgain());
        evaluateAgainButton.visibleProperty().bind(wizard.allows(Action.EVALUATE));
        evaluateAgainButton.managedProperty().bind(evaluateAgainButton.visibleProperty());
        evaluateStatus.textProperty().bind(ev.statusProperty());
        ev.passedProperty().addListener((o, a, passed) -> {
            evaluateStatus.getStyleClass().removeAll("pass", "fail");
            evaluateStatus.getStyleClass().add(passed ? "pass" : "fail");
        });
        // A new evaluation (another run's, or again) starts reading at the top, not where the last one was left.
        ev.comparisonProperty().addListener((o, was, now) -> setVvalue(0));
        criteriaTable.setItems(ev.criteria());
        criterionColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().name()));
        requirementColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().requirement()));
        criterionActiveColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(number(c.getValue().active())));
        criterionCandidateColumn.setCellValueFactory(c ->
                new ReadOnlyObjectWrapper<>(number(c.getValue().candidate())));
        criterionIntervalColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(
                Double.isNaN(c.getValue().differenceLower()) ? "–" : String.format(Locale.ROOT, "%+.3f to %+.3f",
                        c.getValue().differenceLower(), c.getValue().differenceUpper())));
        criterionReasonColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().reason()));
        criterionReasonColumn.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null ? null : new Tooltip(item)); // the whole sentence, however narrow
            }
        });
        criterionResultColumn.setCellValueFactory(c ->
                new ReadOnlyObjectWrapper<>(c.getValue().passed() ? "PASS" : "FAIL"));
        criterionResultColumn.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                getStyleClass().removeAll("pass", "fail");
                if (!empty && item != null) {
                    getStyleClass().add(item.equals("PASS") ? "pass" : "fail");
                }
            }
        });
        metricsTable.setItems(ev.metrics());
        metricColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().metric()));
        metricActiveColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().active()));
        metricCandidateColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().candidate()));
        rocChart.getData().add(series("active", ev.activeRoc()));
        rocChart.getData().add(series("new", ev.candidateRoc()));
        rocChart.getData().add(diagonal("chance"));
        calibrationChart.getData().add(series("active", ev.activeCalibration()));
        calibrationChart.getData().add(series("new", ev.candidateCalibration()));
        calibrationChart.getData().add(diagonal("perfectly calibrated"));
        ev.activeMatrixProperty().addListener((o, a, m) -> fillMatrix(activeMatrixGrid, m));
        ev.candidateMatrixProperty().addListener((o, a, m) -> fillMatrix(candidateMatrixGrid, m));
        ev.gallery().addListener((ListChangeListener<GalleryTile>) c ->
                galleryPane.getChildren().setAll(ev.gallery().stream().map(EvaluateStepView::tile).toList()));
    }

    /** The reference line from (0, 0) to (1, 1). */
    private static XYChart.Series<Number, Number> diagonal(String name) {
        return series(name, FXCollections.observableArrayList(new ChartPoint(0, 0), new ChartPoint(1, 1)));
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format("%.3f", v) : "n/a";
    }

    /** Rows: true class; columns: predicted class; the diagonal (correct) highlighted. */
    private static void fillMatrix(GridPane grid, ConfusionMatrix m) {
        grid.getChildren().clear();
        if (m == null) {
            return;
        }
        Function<String, Label> header = text -> {
            Label l = new Label(text);
            l.getStyleClass().addAll("section", "cell-header");
            return l;
        };
        Label corner = header.apply("true ↓  predicted →");
        corner.getStyleClass().add("cell-corner");
        grid.add(corner, 0, 0);
        for (int c = 0; c < m.classCount(); c++) {
            grid.add(header.apply(m.classNames().get(c)), c + 1, 0);
            Label rowHeader = header.apply(m.classNames().get(c));
            rowHeader.getStyleClass().add("cell-row-header");
            grid.add(rowHeader, 0, c + 1);
        }
        for (int t = 0; t < m.classCount(); t++) {
            for (int p = 0; p < m.classCount(); p++) {
                Label cell = new Label(Long.toString(m.count(t, p)));
                cell.getStyleClass().add("cell-value");
                if (t == p) {
                    cell.getStyleClass().add("cell-diagonal");
                }
                grid.add(cell, p + 1, t + 1);
            }
        }
    }

    private static Node tile(GalleryTile t) {
        HBox images = new HBox(4, new ImageView(Views.toImage(t.active())), new ImageView(Views.toImage(t.candidate())));
        Label caption = new Label(String.format("%s — COVID-19 p: active %.2f | new %.2f", t.label(), t.activeCovid(),
                t.candidateCovid()));
        return new VBox(2, images, caption);
    }
}
