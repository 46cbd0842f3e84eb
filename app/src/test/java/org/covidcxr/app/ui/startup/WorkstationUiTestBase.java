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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real workstation for a TestFX test, started on {@link #store} (set by the test's {@code @BeforeAll}) with a
 * fresh home folder for every test. TestFX finds {@code @Start} and {@code @Stop} only on the test class itself, so each
 * test overrides {@link #start} and {@link #stop} with a call to these.
 */
@ExtendWith(ApplicationExtension.class)
abstract class WorkstationUiTestBase {
    @TempDir
    static Path shared;
    static ModelStore store;

    Workstation workstation;
    MainViewModel vm;
    AppHome home;

    void start(Stage stage) throws IOException {
        start(stage, Files.createTempDirectory(shared, "home"));
    }

    /** Starts on a home folder the test has prepared (e.g. with settings in it). */
    void start(Stage stage, Path homeFolder) throws IOException {
        // Windows other tests left showing would sit on top of this one and catch the robot's clicks.
        new ArrayList<>(Window.getWindows()).forEach(Window::hide);
        home = new AppHome(homeFolder);
        workstation = Workstation.create(stage, home, store.root());
        vm = workstation.viewModel();
        workstation.show();
    }

    void stop() {
        workstation.close();
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
