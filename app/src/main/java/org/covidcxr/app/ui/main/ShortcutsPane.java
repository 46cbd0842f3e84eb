package org.covidcxr.app.ui.main;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;

/**
 * The Help → Shortcuts content: every menu accelerator, read from the menus so the list can never disagree with
 * them, and the mouse gestures, grouped by menu in two columns so that it fits a small screen without scrolling.
 */
final class ShortcutsPane extends GridPane {
    private static final List<String[]> MOUSE = List.of(
            new String[] {"Mouse wheel", "Zoom at the cursor"},
            new String[] {"Left drag", "Pan"},
            new String[] {"Right drag", "Window (left/right) and level (up/down)"},
            new String[] {"Double click", "Fit to window"});

    private record Section(String title, List<String[]> rows) {
    }

    ShortcutsPane(List<Menu> menus) {
        getStyleClass().add("shortcuts");
        List<Section> sections = new ArrayList<>();
        for (Menu menu : menus) {
            List<String[]> rows = new ArrayList<>();
            collect(menu, rows);
            if (!rows.isEmpty()) {
                sections.add(new Section(menu.getText().replace("_", ""), rows));
            }
        }
        sections.add(new Section("Mouse", MOUSE));
        // Each section goes, in menu order, to the shorter of the two columns.
        int[] lines = new int[2];
        for (Section section : sections) {
            int column = lines[0] <= lines[1] ? 0 : 1;
            add(label(section.title(), "shortcuts-section"), 2 * column, lines[column]++, 2, 1);
            for (String[] row : section.rows()) {
                add(label(row[0], "shortcut-key"), 2 * column, lines[column]);
                add(label(row[1], "shortcut-action"), 2 * column + 1, lines[column]++);
            }
        }
    }

    /** Never narrower than its text: the dialog grows instead of cutting it. */
    private static Label label(String text, String style) {
        Label label = new Label(text);
        label.getStyleClass().add(style);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static void collect(Menu menu, List<String[]> rows) {
        for (MenuItem item : menu.getItems()) {
            if (item instanceof Menu sub) {
                collect(sub, rows);
            } else if (!(item instanceof SeparatorMenuItem) && item.getAccelerator() != null) {
                rows.add(new String[] {item.getAccelerator().getDisplayText(), item.getText()});
            }
        }
    }
}
