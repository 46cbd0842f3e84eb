package org.covidcxr.app.ui.training;

import java.util.Random;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.util.converter.NumberStringConverter;
import org.covidcxr.app.ui.controls.Tables;
import org.covidcxr.app.ui.controls.Views;

/** Step 2 of the wizard: the patient-level split (seed, validation and site test shares), its counts and warnings. */
final class SplitStepView extends VBox {
    /** Rows of the wizard's short per-class tables. */
    static final double ROW_HEIGHT = 34;

    private final SplitStep split;

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
    @FXML private VBox warningsBox;
    @FXML private ListView<String> warningsList;

    SplitStepView(SplitStep split) {
        this.split = split;
        Views.load(this);
    }

    @FXML
    private void initialize() {
        seedField.textProperty().bindBidirectional(split.seedProperty(), new NumberStringConverter("#"));
        newSeedButton.setOnAction(e -> split.seedProperty().set(new Random().nextInt(1_000_000)));
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
        // Only when there is something to say: an empty box would take the room the table needs.
        warningsBox.visibleProperty().bind(Bindings.isNotEmpty(split.warnings()));
        warningsBox.managedProperty().bind(warningsBox.visibleProperty());
        Tables.fitHeightToRows(splitTable, ROW_HEIGHT, SplitStep.CLASSES);
    }

    private static void percentSpinner(Spinner<Integer> spinner, DoubleProperty fraction) {
        spinner.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(5, 40,
                (int) Math.round(fraction.get() * 100)));
        spinner.valueProperty().addListener((o, a, v) -> fraction.set(v / 100.0));
    }
}
