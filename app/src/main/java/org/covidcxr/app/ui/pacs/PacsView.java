package org.covidcxr.app.ui.pacs;

import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.StringProperty;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The PACS tab: node and settings, study query, the studies found, retrieve with progress, send results back. */
public final class PacsView extends VBox {
    private final PacsViewModel viewModel;

    public PacsView(PacsViewModel viewModel) {
        this.viewModel = viewModel;
        setId("pacs-pane");
        setSpacing(10);
        setPadding(new Insets(12));
        getChildren().setAll(nodeRow(), queryForm(), studyTable(), retrieveRow(), sendRow(), statusLine());
    }

    private HBox nodeRow() {
        ComboBox<String> node = new ComboBox<>(viewModel.nodes());
        node.setId("pacs-node");
        node.valueProperty().bindBidirectional(viewModel.nodeProperty());
        node.setPromptText("no PACS configured");
        Button echo = button("Test connection", "pacs-echo", viewModel::echo);
        Button settings = button("PACS settings…", "pacs-settings", this::showSettings);
        Label receiver = new Label();
        receiver.setId("pacs-receiver");
        receiver.textProperty().bind(viewModel.receiverProperty());
        receiver.getStyleClass().add("text-muted");
        HBox row = new HBox(8, new Label("PACS"), node, echo, settings, receiver);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private GridPane queryForm() {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        TextField id = field("pacs-patient-id", viewModel.patientIdProperty());
        TextField name = field("pacs-patient-name", viewModel.patientNameProperty());
        name.setPromptText("DOE^J*");
        TextField modality = field("pacs-modality", viewModel.modalityProperty());
        modality.setPromptText("CR, DX");
        TextField accession = field("pacs-accession", viewModel.accessionProperty());
        DatePicker from = new DatePicker();
        from.valueProperty().bindBidirectional(viewModel.fromProperty());
        DatePicker to = new DatePicker();
        to.valueProperty().bindBidirectional(viewModel.toProperty());
        Button search = button("Search", "pacs-search", viewModel::search);
        search.setDefaultButton(true);
        grid.addRow(0, new Label("Patient ID"), id, new Label("Patient name"), name, new Label("Modality"), modality);
        grid.addRow(1, new Label("Study date from"), from, new Label("to"), to, new Label("Accession"), accession,
                search);
        return grid;
    }

    private TableView<StudyRow> studyTable() {
        TableView<StudyRow> table = new TableView<>(viewModel.studies());
        table.setId("pacs-studies");
        table.getColumns().setAll(List.of(column("Date", StudyRow::date, 100),
                column("Patient ID", StudyRow::patientId, 130), column("Patient name", StudyRow::patientName, 200),
                column("Description", StudyRow::description, 260), column("Modalities", StudyRow::modalities, 110),
                column("Images", r -> Integer.toString(r.images()), 80), column("Accession", StudyRow::accession, 110)));
        table.setPlaceholder(new Label("Search the PACS to list its studies."));
        viewModel.selectedStudyProperty().bind(table.getSelectionModel().selectedItemProperty());
        table.setRowFactory(t -> {
            TableRow<StudyRow> row = new javafx.scene.control.TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    viewModel.retrieve();
                }
            });
            return row;
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        return table;
    }

    private HBox retrieveRow() {
        Button retrieve = button("Retrieve into worklist", "pacs-retrieve", viewModel::retrieve);
        retrieve.disableProperty().bind(viewModel.selectedStudyProperty().isNull().or(viewModel.busyProperty()));
        ProgressBar progress = new ProgressBar();
        progress.setId("pacs-progress");
        progress.progressProperty().bind(viewModel.progressProperty());
        progress.visibleProperty().bind(viewModel.retrievingProperty());
        progress.setPrefWidth(220);
        Button cancel = button("Cancel", "pacs-cancel", viewModel::cancel);
        cancel.visibleProperty().bind(viewModel.retrievingProperty());
        HBox row = new HBox(8, retrieve, progress, cancel);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private HBox sendRow() {
        Button send = button("Send results of the selected image to the PACS", "pacs-send", viewModel::sendSelected);
        send.disableProperty().bind(viewModel.busyProperty());
        Label hint = new Label("A Secondary Capture (image, heat map, verdict; \"AI decision support — not a "
                + "diagnosis\") and a structured report, in the image's study.");
        hint.getStyleClass().add("text-muted");
        hint.setWrapText(true);
        HBox row = new HBox(8, send, hint);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private Label statusLine() {
        Label status = new Label();
        status.setId("pacs-status");
        status.setWrapText(true);
        status.textProperty().bind(viewModel.statusProperty());
        status.setMinHeight(Region.USE_PREF_SIZE);
        return status;
    }

    private void showSettings() {
        PacsViewModel.SettingsForm form = viewModel.settingsForm();
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        TextField ae = field("pacs-ae-title", form.aeTitle);
        TextField port = field("pacs-port", form.port);
        TextField cap = field("pacs-cap", form.capMegabytes);
        CheckBox listen = new CheckBox("Receive images pushed by these nodes (C-STORE)");
        listen.setId("pacs-listen");
        listen.selectedProperty().bindBidirectional(form.listen);
        CheckBox autoSend = new CheckBox("Send results back after each analysis of an image from the PACS");
        autoSend.setId("pacs-auto-send");
        autoSend.selectedProperty().bindBidirectional(form.autoSend);
        TextArea nodes = new TextArea();
        nodes.setId("pacs-nodes");
        nodes.textProperty().bindBidirectional(form.nodes);
        nodes.setPrefRowCount(4);
        nodes.setPromptText("ORTHANC@10.0.0.5:4242");
        grid.addRow(0, new Label("This workstation's AE title"), ae);
        grid.addRow(1, new Label("Receiver port"), port);
        grid.addRow(2, new Label("Incoming folder cap (MB)"), cap);
        grid.add(listen, 0, 3, 2, 1);
        grid.add(autoSend, 0, 4, 2, 1);
        grid.addRow(5, new Label("PACS nodes, one per line\n(AE@HOST:PORT; only these\nmay send to this workstation)"),
                nodes);
        Label error = new Label();
        error.getStyleClass().add("danger");
        error.setWrapText(true);
        grid.add(error, 0, 6, 2, 1);
        Alert dialog = new Alert(Alert.AlertType.NONE, "", ButtonType.OK, ButtonType.CANCEL);
        dialog.initOwner(getScene().getWindow());
        dialog.setTitle("PACS settings");
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().lookupButton(ButtonType.OK).addEventFilter(ActionEvent.ACTION, e -> {
            viewModel.saveSettings().ifPresent(message -> {
                error.setText(message);
                e.consume();
            });
        });
        dialog.showAndWait();
    }

    private static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    private static TextField field(String id, StringProperty value) {
        TextField f = new TextField();
        f.setId(id);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    private static TableColumn<StudyRow, String> column(String title, Function<StudyRow, String> value, double width) {
        TableColumn<StudyRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
