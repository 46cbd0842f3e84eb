package org.covidcxr.app.ui.controls;

import java.util.function.Supplier;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Tab;

/**
 * Tab content built the first time its tab is shown. A tab pane styles and skins the content of every tab when the
 * window opens, shown or not; what the first window does not show should not delay it.
 */
public final class LazyTabs {
    private LazyTabs() {
    }

    /** Builds the tab's content now if it is selected, else when it first is (on the JavaFX thread). */
    public static void buildOnFirstShow(Tab tab, Supplier<? extends Node> content) {
        if (tab.isSelected()) {
            tab.setContent(content.get());
            return;
        }
        tab.selectedProperty().addListener(new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends Boolean> selected, Boolean was, Boolean now) {
                if (now) {
                    tab.selectedProperty().removeListener(this);
                    tab.setContent(content.get());
                }
            }
        });
    }
}
