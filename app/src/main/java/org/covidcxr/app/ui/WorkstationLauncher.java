package org.covidcxr.app.ui;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;

/** Starts the JavaFX workstation from a plain class path (the launcher itself is not an {@code Application}). */
public final class WorkstationLauncher {

    private WorkstationLauncher() {
    }

    /** Blocks until the last window closes. */
    public static void launch(List<Path> filesToOpen) {
        WorkstationApp.filesToOpen = List.copyOf(filesToOpen);
        Application.launch(WorkstationApp.class);
    }
}
