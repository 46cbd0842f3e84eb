package org.covidcxr.app.ui.training;

import java.io.File;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.covidcxr.app.imaging.ArgbRaster;
import org.covidcxr.app.ui.controls.Tables;
import org.covidcxr.app.ui.controls.Views;
import org.covidcxr.inference.sitetraining.RejectedFile;
import org.covidcxr.inference.sitetraining.SiteSource;

/** Step 1 of the wizard: the site's labelled folders and manifests, the scan, its counts and rejected files. */
final class DataStepView extends VBox {
    private final DataStep data;

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

    DataStepView(DataStep data) {
        this.data = data;
        Views.load(this);
    }

    @FXML
    private void initialize() {
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
        scanButton.disableProperty().bind(data.canScanProperty().not());
        // The highlighted action only while scanning is what comes next; afterwards it is Next.
        scanButton.defaultButtonProperty().bind(data.canScanProperty().and(data.resultProperty().isNull()));
        cancelScanButton.setOnAction(e -> data.cancelScan());
        cancelScanButton.disableProperty().bind(data.scanningProperty().not());
        scanProgress.progressProperty().bind(data.progressProperty());
        scanStatus.textProperty().bind(data.statusProperty());

        countsTable.setItems(data.counts());
        Tables.fitHeightToRows(countsTable, SplitStepView.ROW_HEIGHT, SplitStep.CLASSES);
        countClassColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().label()));
        countImagesColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().images()));
        countPatientsColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().patients()));
        data.thumbnails().addListener((ListChangeListener<ArgbRaster>) c ->
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
}
