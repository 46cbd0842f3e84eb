package org.covidcxr.app.ui.training;

import java.io.File;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.converter.NumberStringConverter;
import org.covidcxr.app.ui.training.TrainingWizardViewModel.Step;
import org.covidcxr.app.ui.controls.Views;
import org.covidcxr.inference.evaluation.ConfusionMatrix;
import org.covidcxr.inference.sitetraining.CriterionResult;
import org.covidcxr.inference.sitetraining.RejectedFile;
import org.covidcxr.inference.sitetraining.SiteSource;

/** The "Training" tab: the six-step wizard. Thin: every decision is the ViewModel's. */
public final class TrainingWizardView extends BorderPane {
    private final TrainingWizardViewModel vm;

    @FXML private HBox stepBar;
    @FXML private HBox unfinishedBanner;
    @FXML private Label unfinishedLabel;
    @FXML private Button continueButton;
    @FXML private VBox dataPane;
    @FXML private VBox splitPane;
    @FXML private VBox settingsPane;
    @FXML private VBox trainPane;
    @FXML private ScrollPane evaluatePane;
    @FXML private VBox publishPane;
    // Data
    @FXML private Button addFolderButton;
    @FXML private Button addManifestButton;
    @FXML private Button removeSourceButton;
    @FXML private CheckBox feedbackCheck;
    @FXML private ListView<SiteSource> sourcesList;
    @FXML private Button scanButton;
    @FXML private Button cancelScanButton;
    @FXML private ProgressBar scanProgress;
    @FXML private Label scanStatus;
    @FXML private TableView<ClassCount> countsTable;
    @FXML private TableColumn<ClassCount, String> countClassColumn;
    @FXML private TableColumn<ClassCount, Number> countImagesColumn;
    @FXML private TableColumn<ClassCount, Number> countPatientsColumn;
    @FXML private FlowPane thumbnailPane;
    @FXML private TableView<RejectedFile> rejectedTable;
    @FXML private TableColumn<RejectedFile, String> rejectedFileColumn;
    @FXML private TableColumn<RejectedFile, String> rejectedReasonColumn;
    @FXML private TableColumn<RejectedFile, String> rejectedDetailColumn;
    // Split
    @FXML private TextField seedField;
    @FXML private Button newSeedButton;
    @FXML private Spinner<Integer> validationSpinner;
    @FXML private Spinner<Integer> testSpinner;
    @FXML private Label splitError;
    @FXML private TableView<ClassCount> splitTable;
    @FXML private TableColumn<ClassCount, String> splitClassColumn;
    @FXML private TableColumn<ClassCount, Number> splitTrainColumn;
    @FXML private TableColumn<ClassCount, Number> splitValColumn;
    @FXML private TableColumn<ClassCount, Number> splitTestColumn;
    @FXML private TableColumn<ClassCount, Number> splitPatientsColumn;
    @FXML private ListView<String> warningsList;
    // Settings
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
    @FXML private Label estimateLabel;
    @FXML private Button startButton;
    @FXML private ProgressBar prepareProgress;
    @FXML private Button cancelCopyButton;
    @FXML private Button cancelEvaluationButton;
    @FXML private Button evaluateAgainButton;
    // Train
    @FXML private Label epochLabel;
    @FXML private Label etaLabel;
    @FXML private ProgressBar trainProgress;
    @FXML private Label trainMessage;
    @FXML private Button pauseButton;
    @FXML private Button cancelButton;
    @FXML private Button resumeButton;
    @FXML private Button trainNewRunButton;
    @FXML private Button cancelUnfinishedButton;
    @FXML private LineChart<Number, Number> lossChart;
    @FXML private LineChart<Number, Number> aurocChart;
    // Evaluate
    @FXML private ProgressBar evaluateProgress;
    @FXML private Label evaluateStatus;
    @FXML private TableView<CriterionResult> criteriaTable;
    @FXML private TableColumn<CriterionResult, String> criterionColumn;
    @FXML private TableColumn<CriterionResult, String> requirementColumn;
    @FXML private TableColumn<CriterionResult, String> criterionActiveColumn;
    @FXML private TableColumn<CriterionResult, String> criterionCandidateColumn;
    @FXML private TableColumn<CriterionResult, String> criterionResultColumn;
    @FXML private TableView<MetricRow> metricsTable;
    @FXML private TableColumn<MetricRow, String> metricColumn;
    @FXML private TableColumn<MetricRow, String> metricActiveColumn;
    @FXML private TableColumn<MetricRow, String> metricCandidateColumn;
    @FXML private LineChart<Number, Number> rocChart;
    @FXML private LineChart<Number, Number> calibrationChart;
    @FXML private GridPane activeMatrixGrid;
    @FXML private GridPane candidateMatrixGrid;
    @FXML private FlowPane galleryPane;
    // Publish
    @FXML private Label publishSummary;
    @FXML private CheckBox overrideCheck;
    @FXML private Button publishButton;
    @FXML private Button activateButton;
    @FXML private Button discardButton;
    @FXML private Button newRunButton;
    @FXML private Label publishStatus;
    // Footer
    @FXML private Label messageLabel;
    @FXML private Button backButton;
    @FXML private Button nextButton;

    public TrainingWizardView(TrainingWizardViewModel viewModel) {
        this.vm = viewModel;
        Views.load(this);
    }

    @FXML
    private void initialize() {
        for (TableView<?> table : List.of(countsTable, rejectedTable, splitTable, criteriaTable, metricsTable)) {
            table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        }
        initNavigation();
        initData();
        initSplit();
        initSettings();
        initTrain();
        initEvaluate();
        initPublish();
    }

    private void initNavigation() {
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
        backButton.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.stepProperty().get() == Step.DATA
                || vm.stepProperty().get().ordinal() >= Step.TRAIN.ordinal(), vm.stepProperty()));
        messageLabel.textProperty().bind(vm.messageProperty());
        unfinishedBanner.visibleProperty().bind(vm.unfinishedProperty().isNotNull());
        unfinishedBanner.managedProperty().bind(unfinishedBanner.visibleProperty());
        unfinishedLabel.textProperty().bind(vm.unfinishedNoticeProperty());
        continueButton.setOnAction(e -> vm.continueUnfinished());
        cancelUnfinishedButton.visibleProperty().bind(vm.unfinishedCancellableProperty());
        cancelUnfinishedButton.managedProperty().bind(cancelUnfinishedButton.visibleProperty());
        cancelUnfinishedButton.setOnAction(e -> vm.cancelUnfinished());
    }

    private void showStep(Step step) {
        List<Node> panes = List.of(dataPane, splitPane, settingsPane, trainPane, evaluatePane, publishPane);
        for (int i = 0; i < panes.size(); i++) {
            panes.get(i).setVisible(i == step.ordinal());
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

    private void initData() {
        DataStep data = vm.data();
        sourcesList.setItems(data.sources());
        sourcesList.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(SiteSource item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : describe(item));
            }
        });
        addFolderButton.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Folder with one sub-folder per class (covid, normal, pneumonia)");
            File dir = chooser.showDialog(getScene().getWindow());
            if (dir != null) {
                data.addFolder(dir.toPath());
            }
        });
        addManifestButton.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("CSV manifest (file,label[,patient_id])");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
            File file = chooser.showOpenDialog(getScene().getWindow());
            if (file != null) {
                data.addManifest(file.toPath());
            }
        });
        removeSourceButton.disableProperty().bind(sourcesList.getSelectionModel().selectedItemProperty().isNull());
        removeSourceButton.setOnAction(e -> data.sources().remove(sourcesList.getSelectionModel().getSelectedItem()));
        feedbackCheck.selectedProperty().bindBidirectional(data.includeFeedbackProperty());
        feedbackCheck.disableProperty().bind(data.feedbackAvailableProperty().not());
        scanButton.setOnAction(e -> data.scan());
        scanButton.disableProperty().bind(data.scanningProperty());
        cancelScanButton.setOnAction(e -> data.cancelScan());
        cancelScanButton.disableProperty().bind(data.scanningProperty().not());
        scanProgress.progressProperty().bind(data.progressProperty());
        scanStatus.textProperty().bind(data.statusProperty());

        countsTable.setItems(data.counts());
        countClassColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().label()));
        countImagesColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().images()));
        countPatientsColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().patients()));
        data.thumbnails().addListener((ListChangeListener<org.covidcxr.app.imaging.ArgbRaster>) c ->
                thumbnailPane.getChildren().setAll(data.thumbnails().stream()
                        .map(r -> (Node) new ImageView(Views.toImage(r))).toList()));
        rejectedTable.setItems(data.rejected());
        rejectedFileColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().file().toString()));
        rejectedReasonColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().problem().text()));
        rejectedDetailColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().message()));
    }

    private static String describe(SiteSource source) {
        if (source instanceof SiteSource.ClassFolders f) {
            return "Class folders: " + f.root();
        }
        if (source instanceof SiteSource.Manifest m) {
            return "Manifest: " + m.csv();
        }
        return "Feedback dataset";
    }

    private void initSplit() {
        SplitStep split = vm.split();
        seedField.textProperty().bindBidirectional(split.seedProperty(), new NumberStringConverter("#"));
        newSeedButton.setOnAction(e -> split.seedProperty().set(new java.util.Random().nextInt(1_000_000)));
        percentSpinner(validationSpinner, split.validationFractionProperty());
        percentSpinner(testSpinner, split.testFractionProperty());
        splitError.textProperty().bind(split.errorProperty());
        splitTable.setItems(split.counts());
        splitClassColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().label()));
        splitTrainColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().train()));
        splitValColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().validation()));
        splitTestColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().test()));
        splitPatientsColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().patients()));
        warningsList.setItems(split.warnings());
    }

    private static void percentSpinner(Spinner<Integer> spinner, javafx.beans.property.DoubleProperty fraction) {
        spinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(5, 40,
                (int) Math.round(fraction.get() * 100)));
        spinner.valueProperty().addListener((o, a, v) -> fraction.set(v / 100.0));
    }

    private void initSettings() {
        SettingsStep s = vm.settings();
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
        estimateLabel.textProperty().bind(s.estimateProperty());
        startButton.setOnAction(e -> vm.startTraining());
        startButton.disableProperty().bind(vm.preparingProperty());
        prepareProgress.progressProperty().bind(vm.prepareProgressProperty());
        prepareProgress.visibleProperty().bind(vm.preparingProperty());
        cancelCopyButton.setOnAction(e -> vm.cancelPreparation());
        cancelCopyButton.visibleProperty().bind(vm.preparingProperty());
        cancelCopyButton.managedProperty().bind(vm.preparingProperty());
    }

    private void initTrain() {
        TrainStep t = vm.train();
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
        trainNewRunButton.setOnAction(e -> vm.newRun());
        resumeButton.disableProperty().bind(Bindings.createBooleanBinding(() -> t.trainingProperty().get()
                || t.statusProperty().get() == null || !t.statusProperty().get().resumable(),
                t.trainingProperty(), t.statusProperty()));
        lossChart.getData().add(series("training", t.loss()));
        lossChart.getData().add(series("validation", t.validationLoss()));
        aurocChart.getData().add(series("validation macro AUROC", t.validationAuroc()));
    }

    /** A chart series that follows a ViewModel list. */
    private static XYChart.Series<Number, Number> series(String name, ObservableList<ChartPoint> points) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(name);
        Runnable copy = () -> series.getData().setAll(points.stream()
                .map(p -> new XYChart.Data<Number, Number>(p.x(), p.y())).toList());
        points.addListener((ListChangeListener<ChartPoint>) c -> copy.run());
        copy.run();
        return series;
    }

    /** The reference line from (0, 0) to (1, 1). */
    private static XYChart.Series<Number, Number> diagonal(String name) {
        return series(name, javafx.collections.FXCollections.observableArrayList(new ChartPoint(0, 0),
                new ChartPoint(1, 1)));
    }

    private void initEvaluate() {
        EvaluateStep ev = vm.evaluate();
        evaluateProgress.progressProperty().bind(ev.progressProperty());
        evaluateProgress.visibleProperty().bind(ev.busyProperty());
        cancelEvaluationButton.setOnAction(e -> ev.cancel());
        cancelEvaluationButton.visibleProperty().bind(ev.evaluatingProperty());
        cancelEvaluationButton.managedProperty().bind(ev.evaluatingProperty());
        evaluateAgainButton.setOnAction(e -> ev.evaluateAgain());
        evaluateAgainButton.visibleProperty().bind(ev.stoppedProperty());
        evaluateAgainButton.managedProperty().bind(ev.stoppedProperty());
        evaluateStatus.textProperty().bind(ev.statusProperty());
        ev.passedProperty().addListener((o, a, passed) -> {
            evaluateStatus.getStyleClass().removeAll("pass", "fail");
            evaluateStatus.getStyleClass().add(passed ? "pass" : "fail");
        });
        criteriaTable.setItems(ev.criteria());
        criterionColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().name()));
        requirementColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().requirement()));
        criterionActiveColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(number(c.getValue().active())));
        criterionCandidateColumn.setCellValueFactory(c ->
                new ReadOnlyObjectWrapper<>(number(c.getValue().candidate())));
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
                galleryPane.getChildren().setAll(ev.gallery().stream().map(TrainingWizardView::tile).toList()));
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
            l.getStyleClass().add("section");
            return l;
        };
        grid.add(header.apply("true \\ predicted"), 0, 0);
        for (int c = 0; c < m.classCount(); c++) {
            grid.add(header.apply(m.classNames().get(c)), c + 1, 0);
            grid.add(header.apply(m.classNames().get(c)), 0, c + 1);
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

    private void initPublish() {
        EvaluateStep ev = vm.evaluate();
        publishSummary.textProperty().bind(Bindings.createStringBinding(() -> ev.comparisonProperty().get() == null
                ? "" : (ev.passedProperty().get()
                ? "The new model " + ev.comparisonProperty().get().candidateVersion() + " meets every acceptance "
                + "criterion. Publishing adds it to the model store with its model card; it is used for analysis "
                + "only once activated."
                : "The new model " + ev.comparisonProperty().get().candidateVersion() + " FAILS at least one "
                + "acceptance criterion (see Evaluate). Publishing it needs your explicit confirmation."),
                ev.comparisonProperty(), ev.passedProperty()));
        overrideCheck.visibleProperty().bind(ev.passedProperty().not().and(ev.comparisonProperty().isNotNull()));
        overrideCheck.managedProperty().bind(overrideCheck.visibleProperty());
        publishButton.disableProperty().bind(ev.comparisonProperty().isNull().or(ev.busyProperty())
                .or(ev.publishedVersionProperty().isNotEmpty())
                .or(ev.passedProperty().not().and(overrideCheck.selectedProperty().not())));
        overrideCheck.selectedProperty().bindBidirectional(ev.overrideConfirmedProperty());
        publishButton.setOnAction(e -> ev.publish());
        activateButton.disableProperty().bind(ev.publishedVersionProperty().isEmpty().or(ev.activatedProperty()));
        activateButton.setOnAction(e -> ev.activate());
        discardButton.disableProperty().bind(ev.comparisonProperty().isNull()
                .or(ev.publishedVersionProperty().isNotEmpty()));
        discardButton.setOnAction(e -> ev.discard());
        newRunButton.setOnAction(e -> vm.newRun());
        publishStatus.textProperty().bind(ev.statusProperty());
    }
}
