package org.covidcxr.app.ui.startup;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.application.Application;

/** Starts the JavaFX workstation from a plain class path (the launcher itself is not an {@code Application}). */
public final class WorkstationLauncher {

    private WorkstationLauncher() {
    }

    /**
     * Why no window can open here, if so: on Linux without an X11 or Wayland display (e.g. over SSH) JavaFX would
     * fail with a bare exception or wait. Monocle (headless tests) needs none.
     */
    public static Optional<String> noDisplay() {
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        boolean headlessPlatform = "Monocle".equals(System.getProperty("glass.platform"));
        if (!linux || headlessPlatform || !blank(System.getenv("DISPLAY")) || !blank(System.getenv("WAYLAND_DISPLAY"))) {
            return Optional.empty();
        }
        return Optional.of("No display: $DISPLAY is not set, so no window can open. Run it in a desktop session, "
                + "or without a screen under Xvfb: xvfb-run -a -s '-screen 0 1600x1000x24' covidcxr …");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** Blocks until the last window closes. */
    public static void launch(List<Path> filesToOpen) {
        WorkstationApp.filesToOpen = List.copyOf(filesToOpen);
        Application.launch(WorkstationApp.class);
    }
}
