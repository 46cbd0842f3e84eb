package org.covidcxr.app.ui.metadata;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import org.covidcxr.app.ui.controls.Views;

/** Study info and the searchable attribute list of the selected image. */
public final class MetadataView extends VBox {
    private final MetadataViewModel viewModel;

    @FXML private TableView<MetadataViewModel.Row> studyTable;
    @FXML private TableColumn<MetadataViewModel.Row, String> studyName;
    @FXML private TableColumn<MetadataViewModel.Row, String> studyValue;
    @FXML private TextField searchField;
    @FXML private TableView<MetadataViewModel.Row> attributeTable;
    @FXML private TableColumn<MetadataViewModel.Row, String> attributeTag;
    @FXML private TableColumn<MetadataViewModel.Row, String> attributeName;
    @FXML private TableColumn<MetadataViewModel.Row, String> attributeValue;

    public MetadataView(MetadataViewModel viewModel) {
        this.viewModel = viewModel;
        Views.load(this);
    }

    @FXML
    private void initialize() {
        studyTable.setItems(viewModel.study());
        studyName.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        studyValue.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().value()));
        attributeTable.setItems(viewModel.attributes());
        attributeTag.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().tag()));
        attributeName.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        attributeValue.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().value()));
        searchField.textProperty().bindBidirectional(viewModel.searchProperty());
    }
}
