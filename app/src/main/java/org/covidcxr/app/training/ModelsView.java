package org.covidcxr.app.training;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import org.covidcxr.app.ui.Views;

/** The "Models" tab: versions with their model cards, activate, one-click rollback. */
public final class ModelsView extends VBox {
    private final ModelsViewModel vm;

    @FXML private TableView<ModelRow> table;
    @FXML private TableColumn<ModelRow, String> versionColumn;
    @FXML private TableColumn<ModelRow, String> activeColumn;
    @FXML private TableColumn<ModelRow, String> parentColumn;
    @FXML private TableColumn<ModelRow, String> aurocColumn;
    @FXML private TableColumn<ModelRow, String> createdColumn;
    @FXML private TableColumn<ModelRow, String> byColumn;
    @FXML private TableColumn<ModelRow, String> architectureColumn;
    @FXML private TextArea cardText;
    @FXML private Button activateButton;
    @FXML private Button rollbackButton;
    @FXML private Button refreshButton;
    @FXML private Label statusLabel;

    public ModelsView(ModelsViewModel viewModel) {
        this.vm = viewModel;
        Views.load(this);
    }

    @FXML
    private void initialize() {
        table.setItems(vm.models());
        versionColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().version()));
        activeColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().active() ? "●" : ""));
        parentColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().parent()));
        aurocColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().covidAuroc()));
        createdColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().createdAt()));
        byColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().createdBy()));
        architectureColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().architecture()));
        // Keep a version selected across refreshes (the active one at first), so a model card is always shown.
        vm.models().addListener((ListChangeListener<ModelRow>) c -> {
            if (table.getSelectionModel().isEmpty()) {
                vm.models().stream().filter(ModelRow::active).findFirst()
                        .ifPresent(row -> table.getSelectionModel().select(row));
            }
        });
        cardText.textProperty().bind(Bindings.createStringBinding(() -> {
            ModelRow row = table.getSelectionModel().getSelectedItem();
            return row == null ? "Select a version to read its model card." : row.cardText();
        }, table.getSelectionModel().selectedItemProperty()));
        activateButton.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            ModelRow row = table.getSelectionModel().getSelectedItem();
            return row == null || row.active();
        }, table.getSelectionModel().selectedItemProperty()));
        activateButton.setOnAction(e -> vm.activate(table.getSelectionModel().getSelectedItem().version()));
        rollbackButton.textProperty().bind(Bindings.createStringBinding(() -> vm.rollbackTargetProperty().get()
                .isEmpty() ? "Roll back" : "Roll back to " + vm.rollbackTargetProperty().get(),
                vm.rollbackTargetProperty()));
        rollbackButton.disableProperty().bind(vm.rollbackTargetProperty().isEmpty());
        rollbackButton.setOnAction(e -> vm.rollback());
        refreshButton.setOnAction(e -> vm.refresh());
        statusLabel.textProperty().bind(vm.statusProperty());
    }
}
