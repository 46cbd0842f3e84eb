package org.covidcxr.app.ui.worklist;

import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.fxml.FXML;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;
import org.covidcxr.app.imaging.ArgbRaster;
import org.covidcxr.app.ui.controls.Views;

/** The opened images; sorted by COVID-19 probability (most suspicious first) unless the user sorts otherwise. */
public final class WorklistView extends VBox {
    private final ObservableList<WorklistItem> items;
    private final ObjectProperty<WorklistItem> selected;

    @FXML private TableView<WorklistItem> table;
    @FXML private TableColumn<WorklistItem, ArgbRaster> thumbnailColumn;
    @FXML private TableColumn<WorklistItem, String> patientColumn;
    @FXML private TableColumn<WorklistItem, String> dateColumn;
    @FXML private TableColumn<WorklistItem, Number> probabilityColumn;
    @FXML private TableColumn<WorklistItem, WorklistItem.Status> statusColumn;

    public WorklistView(ObservableList<WorklistItem> items, ObjectProperty<WorklistItem> selected) {
        this.items = items;
        this.selected = selected;
        Views.load(this);
    }

    @FXML
    private void initialize() {
        SortedList<WorklistItem> sorted = new SortedList<>(items);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);

        thumbnailColumn.setCellValueFactory(c -> c.getValue().thumbnailProperty());
        thumbnailColumn.setCellFactory(c -> new TableCell<>() {
            private final ImageView view = new ImageView();

            @Override
            protected void updateItem(ArgbRaster raster, boolean empty) {
                super.updateItem(raster, empty);
                view.setImage(empty ? null : Views.toImage(raster));
                setGraphic(empty || raster == null ? null : view);
            }
        });
        patientColumn.setCellValueFactory(c -> c.getValue().patientProperty());
        patientColumn.setCellFactory(c -> wrapping(name -> name));
        dateColumn.setCellValueFactory(c -> c.getValue().dateProperty());
        probabilityColumn.setCellValueFactory(c -> c.getValue().covidProbabilityProperty());
        probabilityColumn.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Number p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null || p.doubleValue() < 0 ? ""
                        : String.format(Locale.ROOT, "%.1f %%", 100 * p.doubleValue()));
            }
        });
        statusColumn.setCellValueFactory(c -> c.getValue().statusProperty());
        statusColumn.setCellFactory(c -> wrapping(WorklistItem.Status::text));
        probabilityColumn.setSortType(TableColumn.SortType.DESCENDING);
        table.getSortOrder().setAll(probabilityColumn);

        table.getSelectionModel().selectedItemProperty().addListener((o, a, item) -> {
            if (item != null) {
                selected.set(item);
            }
        });
        selected.addListener((o, a, item) -> {
            if (item != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(item);
            }
        });
    }

    /** A cell whose text wraps onto the row's further lines (rows are as tall as a thumbnail) before it is cut. */
    private static <T> TableCell<WorklistItem, T> wrapping(Function<T, String> text) {
        TableCell<WorklistItem, T> cell = new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? "" : text.apply(item));
            }
        };
        cell.setWrapText(true);
        return cell;
    }
}
