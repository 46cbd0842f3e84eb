package org.covidcxr.app.ui.main;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.covidcxr.app.ui.analysis.AnalysisView;
import org.covidcxr.app.ui.common.Notice;
import org.covidcxr.app.ui.controls.LazyTabs;
import org.covidcxr.app.ui.controls.Views;
import org.covidcxr.app.ui.metadata.MetadataView;
import org.covidcxr.app.ui.viewer.ViewerView;
import org.covidcxr.app.ui.viewer.ViewerViewModel;
import org.covidcxr.app.ui.worklist.WorklistView;
import org.covidcxr.dicom.WindowPreset;

/** The main window: menus, worklist, viewer, analysis and metadata panels, status bar; drop target for files. */
public final class MainView extends BorderPane {
    /** Characters per line of a notification: about the width of the worklist it appears over. */
    private static final int NOTICE_LINE = 46;

    private final MainViewModel viewModel;
    private final ViewerViewModel viewer;

    @FXML private MenuBar menuBar;
    @FXML private Menu recentMenu;
    @FXML private SplitPane split;
    @FXML private TabPane panels;
    @FXML private Tab analysisTab;
    @FXML private Tab metadataTab;
    @FXML private Label statusLabel;
    @FXML private ProgressIndicator progress;

    public MainView(MainViewModel viewModel) {
        this.viewModel = viewModel;
        this.viewer = viewModel.viewer();
        Views.load(this);
    }

    @FXML
    private void initialize() {
        WorklistView worklist = new WorklistView(viewModel.worklist(), viewModel.selectedProperty());
        split.getItems().setAll(worklist, new ViewerView(viewer), panels);
        SplitPane.setResizableWithParent(worklist, false);
        SplitPane.setResizableWithParent(panels, false);
        openPanelsAtTheirWidth(worklist, panels);
        analysisTab.setContent(new AnalysisView(viewModel.analysis(), viewModel.viewer(), viewModel));
        LazyTabs.buildOnFirstShow(metadataTab, () -> new MetadataView(viewModel.metadata()));

        statusLabel.textProperty().bind(viewModel.statusTextProperty());
        progress.visibleProperty().bind(viewModel.busyProperty());

        viewModel.recentFiles().addListener((ListChangeListener<Path>) c -> updateRecent());
        updateRecent();
        viewModel.notices().addListener((ListChangeListener<Notice>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(this::showNotice);
            }
        });

        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        setOnDragDropped(this::dropped);
    }

    /** A split pane places its dividers by fractions: once its width is known, they go where the panels fit. */
    private void openPanelsAtTheirWidth(Region worklist, Region sidePanels) {
        split.widthProperty().addListener(new InvalidationListener() {
            @Override
            public void invalidated(Observable width) {
                double w = split.getWidth();
                if (w > 0) {
                    split.widthProperty().removeListener(this);
                    split.setDividerPositions(worklist.prefWidth(-1) / w, 1 - sidePanels.prefWidth(-1) / w);
                }
            }
        });
    }

    private void dropped(DragEvent e) {
        boolean ok = e.getDragboard().hasFiles();
        if (ok) {
            viewModel.open(e.getDragboard().getFiles().stream().map(File::toPath).toList());
        }
        e.setDropCompleted(ok);
        e.consume();
    }

    private void updateRecent() {
        recentMenu.getItems().setAll(viewModel.recentFiles().stream().map(p -> {
            MenuItem item = new MenuItem(p.toString());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> viewModel.open(List.of(p)));
            return item;
        }).toList());
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    /** Bottom left: over the end of the worklist, never over the gauge, the verdict or the image. */
    private void showNotice(Notice notice) {
        Notifications n = Notifications.create().title(notice.title()).text(wrap(notice.text(), NOTICE_LINE))
                .position(Pos.BOTTOM_LEFT)
                .hideAfter(Duration.seconds(notice.level() == Notice.Level.INFO ? 4 : 10));
        if (getScene() != null && getScene().getWindow() != null) {
            n.owner(getScene().getWindow());
        }
        switch (notice.level()) {
            case INFO -> n.showInformation();
            case WARNING -> n.showWarning();
            case ERROR -> n.showError();
        }
    }

    /** Popups do not wrap their text: long messages are broken into lines so the popup stays narrow. */
    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        int line = 0;
        for (String word : text.split(" ")) {
            if (line > 0 && line + 1 + word.length() > width) {
                out.append('\n');
                line = 0;
            } else if (line > 0) {
                out.append(' ');
                line++;
            }
            out.append(word);
            line += word.length();
        }
        return out.toString();
    }

    /** Single-key shortcuts must not fire while the user types in a text field (e.g. the attribute search). */
    private boolean typing() {
        return getScene() != null && getScene().getFocusOwner() instanceof TextInputControl;
    }

    private Window window() {
        return getScene().getWindow();
    }

    // --- File ---------------------------------------------------------------------------------------------

    @FXML
    private void openFiles() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open chest X-rays");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Images (DICOM, PNG, JPEG)", "*.dcm", "*.dicom", "*.png", "*.jpg",
                        "*.jpeg", "*"),
                new FileChooser.ExtensionFilter("All files", "*"));
        List<File> files = chooser.showOpenMultipleDialog(window());
        if (files != null) {
            viewModel.open(files.stream().map(File::toPath).toList());
        }
    }

    @FXML
    private void openFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open all images in a folder (recursively)");
        File dir = chooser.showDialog(window());
        if (dir != null) {
            viewModel.open(List.of(dir.toPath()));
        }
    }

    @FXML
    private void exportReport() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export report");
        chooser.setInitialFileName(viewModel.exports().suggestedReportName());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        File file = chooser.showSaveDialog(window());
        if (file != null) {
            viewModel.exports().exportReport(file.toPath());
        }
    }

    @FXML
    private void exportDeidentified() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export de-identified copy");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("DICOM (de-identified)", "*.dcm"),
                new FileChooser.ExtensionFilter("PNG image (pixels only)", "*.png"));
        chooser.setInitialFileName("deidentified.dcm");
        File file = chooser.showSaveDialog(window());
        if (file != null) {
            viewModel.exports().exportDeidentified(file.toPath());
        }
    }

    @FXML
    private void quit() {
        window().hide();
    }

    // --- View ---------------------------------------------------------------------------------------------

    @FXML
    private void zoomIn() {
        viewer.zoomIn();
    }

    @FXML
    private void zoomOut() {
        viewer.zoomOut();
    }

    @FXML
    private void fit() {
        if (!typing()) {
            viewer.fit();
        }
    }

    @FXML
    private void actualSize() {
        if (!typing()) {
            viewer.actualSize();
        }
    }

    @FXML
    private void invert() {
        if (!typing()) {
            viewer.toggleInvert();
        }
    }

    @FXML
    private void reset() {
        if (!typing()) {
            viewer.reset();
        }
    }

    @FXML
    private void presetDefault() {
        if (!typing()) {
            viewer.applyPreset(WindowPreset.FILE_DEFAULT);
        }
    }

    @FXML
    private void presetLung() {
        if (!typing()) {
            viewer.applyPreset(WindowPreset.LUNG);
        }
    }

    @FXML
    private void presetBone() {
        if (!typing()) {
            viewer.applyPreset(WindowPreset.BONE);
        }
    }

    @FXML
    private void presetSoftTissue() {
        if (!typing()) {
            viewer.applyPreset(WindowPreset.SOFT_TISSUE);
        }
    }

    @FXML
    private void presetFull() {
        if (!typing()) {
            viewer.applyPreset(WindowPreset.FULL_RANGE);
        }
    }

    @FXML
    private void toggleOverlay() {
        if (!typing()) {
            viewer.toggleOverlay();
        }
    }

    // --- Analysis / Help ----------------------------------------------------------------------------------

    @FXML
    private void openLogFolder() {
        viewModel.openLogFolder();
    }

    @FXML
    private void runAnyway() {
        viewModel.runAnyway();
    }

    @FXML
    private void showShortcuts() {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(window());
        alert.setTitle("Keyboard shortcuts");
        alert.setHeaderText("Keyboard and mouse shortcuts");
        DialogPane pane = alert.getDialogPane();
        pane.setContent(new ShortcutsPane(menuBar.getMenus()));
        pane.getStylesheets().add(MainView.class.getResource("MainView.css").toExternalForm());
        pane.setMaxWidth(Region.USE_PREF_SIZE); // the theme caps dialogs at 600 px, too narrow for two columns
        alert.setResizable(true);
        alert.show();
    }

    @FXML
    private void showAbout() {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(window());
        alert.setTitle("About");
        alert.setHeaderText("COVID-19 chest X-ray workstation");
        alert.setContentText("Decision support for adult frontal chest X-rays; not a standalone diagnosis. "
                + "Runs fully offline. Every analysis is recorded in a hash-chained audit log.");
        alert.show();
    }
}
