package org.covidcxr.app.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollBar;
import javafx.scene.text.Text;

/**
 * What a user could not read in a laid-out scene, found the way the user would: text the skin cut short (what a
 * labelled control displays is its skin's {@code Text} child, which holds the clipped string with its ellipsis),
 * horizontal scroll bars, and controls that stick out of the window. Only what is shown counts: nodes in hidden tabs,
 * unused cells and empty texts are skipped.
 */
public final class LayoutChecks {
    private LayoutChecks() {
    }

    /** "'full text' shown as 'what is displayed'" for every shown labelled control that does not display its text. */
    public static List<String> truncated(Parent root) {
        return shown(root).filter(n -> n instanceof Labeled).map(n -> (Labeled) n)
                .filter(l -> l.getText() != null && !l.getText().isBlank()
                        && l.getContentDisplay() != ContentDisplay.GRAPHIC_ONLY)
                .filter(l -> !displayed(l).equals(expected(l)))
                .map(l -> describe(l) + " '" + l.getText() + "' shown as '" + displayed(l) + "'").toList();
    }

    /** The controls around every shown horizontal scroll bar: their content is wider than they are. */
    public static List<String> scrollingSideways(Parent root) {
        return shown(root).filter(n -> n instanceof ScrollBar bar && bar.getOrientation() == Orientation.HORIZONTAL)
                .map(n -> describe(owner(n))).toList();
    }

    /** Whether a vertical scroll bar is shown under {@code root} (some content is taller than its place). */
    public static boolean scrollsVertically(Parent root) {
        return shown(root).anyMatch(n -> n instanceof ScrollBar bar && bar.getOrientation() == Orientation.VERTICAL);
    }

    /** Shown labelled controls that reach beyond the left or right edge of the window (or above or below it). */
    public static List<String> outsideTheWindow(Parent root, boolean vertically) {
        double width = root.getScene().getWidth();
        double height = root.getScene().getHeight();
        return shown(root).filter(n -> n instanceof Labeled).filter(n -> {
            Bounds b = n.localToScene(n.getLayoutBounds());
            return b.getMinX() < -0.5 || b.getMaxX() > width + 0.5
                    || vertically && (b.getMinY() < -0.5 || b.getMaxY() > height + 0.5);
        }).map(n -> describe(n) + " '" + ((Labeled) n).getText() + "' at " + n.localToScene(n.getLayoutBounds()))
                .toList();
    }

    /** Every node under {@code root} that is visible along with all its parents and has an area. */
    public static Stream<Node> shown(Parent root) {
        List<Node> out = new ArrayList<>();
        collect(root, out);
        return out.stream();
    }

    private static void collect(Node node, List<Node> out) {
        if (!node.isVisible() || node.getOpacity() == 0) {
            return;
        }
        Bounds b = node.getLayoutBounds();
        if (b.getWidth() > 0 && b.getHeight() > 0) {
            out.add(node);
        }
        if (node instanceof Parent parent) {
            parent.getChildrenUnmodifiable().forEach(c -> collect(c, out));
        }
    }

    private static String displayed(Labeled l) {
        return l.getChildrenUnmodifiable().stream().filter(c -> c instanceof Text).map(c -> ((Text) c).getText())
                .findFirst().orElse("");
    }

    /** The text as it should appear: a mnemonic's underscore is not shown. */
    private static String expected(Labeled l) {
        return l.isMnemonicParsing() ? l.getText().replaceFirst("_(?!_)", "") : l.getText();
    }

    private static Node owner(Node node) {
        Node n = node;
        while (n.getParent() != null && n.getId() == null) {
            n = n.getParent();
        }
        return n;
    }

    private static String describe(Node node) {
        Node named = owner(node);
        Class<?> type = node.getClass().isAnonymousClass() ? node.getClass().getSuperclass() : node.getClass();
        return type.getSimpleName() + (named.getId() == null ? "" : " in #" + named.getId());
    }
}
