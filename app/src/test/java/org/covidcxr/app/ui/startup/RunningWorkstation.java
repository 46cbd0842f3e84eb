package org.covidcxr.app.ui.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.covidcxr.app.home.AppHome;
import org.covidcxr.app.ui.main.MainViewModel;
import org.covidcxr.app.ui.worklist.WorklistItem;
import org.covidcxr.modelstore.ModelStore;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The real workstation, started for a TestFX test on a store and a fresh home folder. */
record RunningWorkstation(Workstation workstation, MainViewModel vm, AppHome home) {

    /** Starts it on {@code stage} (from a test's {@code @Start}), with its home folder under {@code shared}. */
    static RunningWorkstation start(Stage stage, Path shared, ModelStore store) throws IOException {
        // Windows other tests left showing would sit on top of this one and catch the robot's clicks.
        new ArrayList<>(Window.getWindows()).forEach(Window::hide);
        AppHome home = new AppHome(Files.createTempDirectory(shared, "home"));
        Workstation workstation = Workstation.create(stage, home, store.root());
        workstation.show();
        return new RunningWorkstation(workstation, workstation.viewModel(), home);
    }

    /** Opens the files and waits until each has been opened and analysed (or refused) and the shown one is drawn. */
    void openAndSettle(FxRobot robot, List<Path> files, int seconds) throws TimeoutException {
        robot.interact(() -> vm.open(files));
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> vm.settled() && vm.worklist().stream()
                .noneMatch(i -> i.statusProperty().get() == WorklistItem.Status.ANALYSING
                        || i.statusProperty().get() == WorklistItem.Status.OPENING));
        WaitForAsyncUtils.waitForFxEvents();
    }
}
