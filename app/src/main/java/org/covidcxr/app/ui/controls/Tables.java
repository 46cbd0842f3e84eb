package org.covidcxr.app.ui.controls;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.DoubleBinding;
import javafx.scene.control.TableView;
import javafx.scene.layout.Region;

/** Table helpers the views share. */
public final class Tables {
    private Tables() {
    }

    /**
     * Makes a short table (a handful of classes) exactly as tall as its header and rows, with room for at least
     * {@code minRows}: none of them ever hides behind a scrollbar, however little height the window has.
     */
    public static void fitHeightToRows(TableView<?> table, double rowHeight, int minRows) {
        table.setFixedCellSize(rowHeight);
        table.skinProperty().addListener((o, a, skin) -> {
            Region header = (Region) table.lookup(".column-header-background");
            DoubleBinding height = Bindings.createDoubleBinding(() -> header.getHeight() + table.snappedTopInset()
                            + table.snappedBottomInset() + rowHeight * Math.max(minRows, table.getItems().size()),
                    header.heightProperty(), table.itemsProperty(), Bindings.size(table.getItems()));
            table.minHeightProperty().bind(height);
            table.prefHeightProperty().bind(height);
            table.maxHeightProperty().bind(height);
        });
    }
}
