package org.covidcxr.app.ui.startup;

import java.util.List;
import java.util.stream.Stream;
import javafx.beans.InvalidationListener;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.covidcxr.app.home.WindowBounds;
import org.covidcxr.app.home.WindowSettings;
import org.covidcxr.app.home.WindowSettings.Placement;

/**
 * Opens the main window where the user left it, or at the default size, always fitted to the screens there are now
 * (a 1366 × 768 laptop included), and remembers its place when it closes.
 */
final class WindowMemory {
    /** Below this the panels no longer fit side by side; a smaller screen gets its whole visible area. */
    private static final double MIN_WIDTH = 900;
    private static final double MIN_HEIGHT = 600;

    private WindowMemory() {
    }

    static void attach(Stage stage, WindowSettings settings) {
        List<WindowBounds> screens = Stream.concat(Stream.of(Screen.getPrimary()), Screen.getScreens().stream())
                .distinct().map(s -> bounds(s.getVisualBounds())).toList();
        Placement placed = WindowSettings.place(settings.load(), screens);
        WindowBounds b = placed.bounds();
        stage.setMinWidth(Math.min(MIN_WIDTH, b.width()));
        stage.setMinHeight(Math.min(MIN_HEIGHT, b.height()));
        stage.setX(b.x());
        stage.setY(b.y());
        stage.setWidth(b.width());
        stage.setHeight(b.height());
        stage.setMaximized(placed.maximized());

        // What is remembered is the window's own size and place, not the screen's while it is maximised.
        WindowBounds[] normal = {b};
        InvalidationListener track = o -> {
            if (stage.isShowing() && !stage.isMaximized() && !stage.isIconified()) {
                normal[0] = new WindowBounds(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight());
            }
        };
        Stream.of(stage.xProperty(), stage.yProperty(), stage.widthProperty(), stage.heightProperty())
                .forEach(p -> p.addListener(track));
        stage.addEventHandler(WindowEvent.WINDOW_HIDING,
                e -> settings.save(new Placement(normal[0], stage.isMaximized())));
    }

    private static WindowBounds bounds(Rectangle2D r) {
        return new WindowBounds(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight());
    }
}
