package org.covidcxr.app.ui.startup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.Alert;
import javafx.stage.Stage;

/** The JavaFX application: builds the workstation and opens the files given on the command line. */
public final class WorkstationApp extends Application {

    /** Handed over by {@link WorkstationLauncher}; JavaFX instantiates this class itself. */
    static volatile List<Path> filesToOpen = List.of();

    private Workstation workstation;

    @Override
    public void start(Stage stage) {
        try {
            workstation = Workstation.create(stage);
        } catch (IOException | RuntimeException e) {
            Alert alert = new Alert(Alert.AlertType.ERROR, e.getMessage());
            alert.setHeaderText("The workstation cannot start");
            alert.showAndWait();
            Platform.exit();
            return;
        }
        workstation.show();
        workstation.open(filesToOpen);
    }

    @Override
    public void stop() {
        if (workstation != null) {
            workstation.close();
        }
    }
}
