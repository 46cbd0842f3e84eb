package org.covidcxr.app.ui.metadata;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.covidcxr.app.ui.controls.Views;

/** Study info and the searchable attribute list of the selected image. */
public final class MetadataView extends VBox {
    private final MetadataViewModel viewModel;

    @FXML private Label noStudyLabel;
    @FXML private VBox studyBox;
    @FXML private TextField searchField;
    @FXML private ListView<MetadataViewModel.Row> attributeList;

    public MetadataView(MetadataViewModel viewModel) {
        this.viewModel = viewModel;
        Views.load(this);
    }

    @FXML
    private void initialize() {
        viewModel.study().addListener((ListChangeListener<MetadataViewModel.Row>) c -> showStudy());
        showStudy();
        attributeList.setItems(viewModel.attributes());
        attributeList.setCellFactory(l -> new AttributeCell());
        searchField.textProperty().bindBidirectional(viewModel.searchProperty());
    }

    private void showStudy() {
        studyBox.getChildren().setAll(viewModel.study().stream().map(item -> {
            Label name = new Label(item.name());
            name.getStyleClass().add("metadata-name");
            Label value = new Label(item.value());
            value.setWrapText(true);
            value.setMinWidth(0);
            HBox.setHgrow(value, Priority.ALWAYS);
            return new HBox(name, value);
        }).toList());
        noStudyLabel.setVisible(viewModel.study().isEmpty());
        noStudyLabel.setManaged(viewModel.study().isEmpty());
    }

    /** Name and tag on one line, the value below, wrapped to the list's width rather than scrolled to. */
    private static final class AttributeCell extends ListCell<MetadataViewModel.Row> {
        private final Label name = new Label();
        private final Label tag = new Label();
        private final Label value = new Label();
        private final VBox box = new VBox(new HBox(8, name, tag), value);

        AttributeCell() {
            box.getStyleClass().add("metadata-attribute");
            HBox.setHgrow(name, Priority.ALWAYS);
            name.setMaxWidth(Double.MAX_VALUE);
            name.getStyleClass().add("metadata-name");
            tag.getStyleClass().add("metadata-tag");
            tag.setMinWidth(Region.USE_PREF_SIZE);
            // A wrapped label is at least as wide as its longest word, and a UID is one long word: let it break.
            for (Label wrapped : List.of(name, value)) {
                wrapped.setWrapText(true);
                wrapped.setMinWidth(0);
            }
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
            // The cell lays its graphic out at the graphic's preferred width: make that the cell's own.
            box.prefWidthProperty().bind(Bindings.createDoubleBinding(() -> Math.max(0, getWidth()
                    - snappedLeftInset() - snappedRightInset()), widthProperty(), paddingProperty()));
        }

        @Override
        protected void updateItem(MetadataViewModel.Row row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            name.setText(row.name());
            tag.setText(row.tag());
            value.setText(row.value());
            setGraphic(box);
        }

        /** As wide as the list gives: a long value wraps instead of widening the list. */
        @Override
        protected double computePrefWidth(double height) {
            return 0;
        }

        /** As tall as the wrapped lines at the width the list gives (the theme would fix every cell's height). */
        @Override
        protected double computePrefHeight(double width) {
            double inner = (width > 0 ? width : getWidth()) - snappedLeftInset() - snappedRightInset();
            return snappedTopInset() + (getGraphic() == null ? 0 : box.prefHeight(Math.max(0, inner)))
                    + snappedBottomInset();
        }
    }
}
