package org.covidcxr.app.ui.models;

import java.io.File;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.covidcxr.app.ui.common.FailedCriteria;
import org.covidcxr.app.ui.controls.Views;

/** The "Models" tab: versions and the selected one's model card; activate, roll back, import, export, delete. */
public final class ModelsView extends VBox {
    private final ModelsViewModel vm;
    private ModelCardContent shownCard;

    @FXML private TableView<ModelRow> table;
    @FXML private TableColumn<ModelRow, String> versionColumn;
    @FXML private TableColumn<ModelRow, String> activeColumn;
    @FXML private TableColumn<ModelRow, String> parentColumn;
    @FXML private TableColumn<ModelRow, String> aurocColumn;
    @FXML private TableColumn<ModelRow, String> createdColumn;
    @FXML private TableColumn<ModelRow, String> byColumn;
    @FXML private TableColumn<ModelRow, String> architectureColumn;
    @FXML private ModelCardView cardView;
    @FXML private Label storeNotices;
    @FXML private Button activateButton;
    @FXML private Button rollbackButton;
    @FXML private Button importButton;
    @FXML private Button exportButton;
    @FXML private Button deleteButton;
    @FXML private Button refreshButton;
    @FXML private Label statusLabel;

    public ModelsView(ModelsViewModel viewModel) {
        this.vm = viewModel;
        Views.load(this);
    }

    @FXML
    private void initialize() {
        table.setItems(vm.models());
        storeNotices.textProperty().bind(vm.storeNoticesProperty());
        storeNotices.visibleProperty().bind(vm.storeNoticesProperty().isNotEmpty());
        storeNotices.managedProperty().bind(storeNotices.visibleProperty());
        versionColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().version()));
        activeColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().active() ? "●" : ""));
        parentColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().parent()));
        aurocColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().covidAuroc()));
        createdColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().createdAt()));
        byColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().createdBy()));
        architectureColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().architecture()));
        var selected = table.getSelectionModel().selectedItemProperty();
        BooleanBinding noneOrActive = Bindings.createBooleanBinding(() -> selected.get() == null
                || selected.get().active(), selected);
        // The view-model decides whose card is shown (the one selected before a refresh, else the active one); the
        // table follows it, and a row the user selects asks for its card.
        vm.models().addListener((ListChangeListener<ModelRow>) c -> selectShownVersion());
        vm.selectedVersionProperty().addListener((o, a, v) -> selectShownVersion());
        selected.addListener((o, a, row) -> {
            if (row != null) {
                vm.select(row.version());
            }
        });
        vm.cardProperty().addListener((o, a, card) -> showCard());
        vm.cardStatusProperty().addListener((o, a, card) -> showCard());
        showCard();
        activateButton.disableProperty().bind(noneOrActive);
        activateButton.setOnAction(e -> {
            String version = selected.get().version();
            withConsent(version, confirmation -> vm.activate(version, confirmation));
        });
        rollbackButton.textProperty().bind(Bindings.createStringBinding(() -> vm.rollbackTargetProperty().get()
                .isEmpty() ? "Roll back" : "Roll back to " + vm.rollbackTargetProperty().get(),
                vm.rollbackTargetProperty()));
        rollbackButton.disableProperty().bind(vm.rollbackTargetProperty().isEmpty());
        rollbackButton.setOnAction(e -> withConsent(vm.rollbackTargetProperty().get(), vm::rollback));
        importButton.setOnAction(e -> Optional.ofNullable(archiveChooser("Import a model archive")
                .showOpenDialog(getScene().getWindow())).map(File::toPath)
                .ifPresent(zip -> vm.importArchive(zip, Optional.empty())));
        vm.keyToTrustProperty().addListener((o, a, key) -> {
            if (key != null && Views.confirm(this, "Trust the key that signed " + key.archive().getFileName() + "?",
                    "The model is signed by a key that calls itself \u201c" + key.signer() + "\u201d. This "
                    + "workstation does not trust it yet.\n\nKey fingerprint:\n" + grouped(key.fingerprint())
                    + "\n\nCompare it with the key's owner (e.g. by telephone) before you trust it: a model from an "
                    + "unknown key may have been altered on its way. Trusting the key imports this model and accepts "
                    + "later models signed with it; the audit log records it.")) {
                vm.importArchive(key.archive(), Optional.of(key.fingerprint()));
            }
        });
        exportButton.disableProperty().bind(selected.isNull());
        exportButton.setOnAction(e -> {
            String version = selected.get().version();
            FileChooser chooser = archiveChooser("Export model " + version + " to");
            chooser.setInitialFileName("covidcxr-model-" + version + ".zip");
            Optional.ofNullable(chooser.showSaveDialog(getScene().getWindow())).map(File::toPath)
                    .ifPresent(zip -> vm.exportVersion(version, zip));
        });
        deleteButton.disableProperty().bind(noneOrActive);
        deleteButton.setOnAction(e -> {
            String version = selected.get().version();
            if (Views.confirm(this, "Delete model version " + version + "?", "Version " + version + " will be "
                    + "removed from this workstation and can no longer be activated or rolled back to. Export it "
                    + "first to keep a copy.")) {
                vm.delete(version);
            }
        });
        refreshButton.setOnAction(e -> vm.refresh());
        statusLabel.textProperty().bind(vm.statusProperty());
    }

    /**
     * Runs {@code change}, which puts {@code version} into use, at once; or, where its card says it failed its
     * acceptance criteria (or cannot be read), only once the user confirmed the warning.
     */
    private void withConsent(String version, Consumer<Optional<String>> change) {
        Optional<FailedCriteria> warning = vm.activationWarning(version);
        if (warning.isEmpty()) {
            change.accept(Optional.empty());
        } else if (Views.confirm(this, warning.get().question(), warning.get().text())) {
            change.accept(Optional.of("confirmed in the Models view"));
        }
    }

    /** A fingerprint in groups of four, as it is read out over the telephone. */
    static String grouped(String fingerprint) {
        return fingerprint.replaceAll("(.{4})(?!$)", "$1 ");
    }

    private void selectShownVersion() {
        ModelRow current = table.getSelectionModel().getSelectedItem();
        String shown = vm.selectedVersionProperty().get();
        if (current == null || !current.version().equals(shown)) {
            vm.models().stream().filter(r -> r.version().equals(shown)).findFirst()
                    .ifPresent(row -> table.getSelectionModel().select(row));
        }
    }

    private void showCard() {
        ModelCardContent card = vm.cardProperty().get();
        if (card != null) {
            // The card and its status change together; lay the card out once.
            if (card != shownCard) {
                cardView.show(card);
            }
        } else {
            cardView.showMessage(vm.cardStatusProperty().get().isEmpty() ? "Select a version to read its model card."
                    : vm.cardStatusProperty().get());
        }
        shownCard = card;
    }

    private static FileChooser archiveChooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Model archive (*.zip)", "*.zip"));
        return chooser;
    }
}
