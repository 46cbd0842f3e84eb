package org.covidcxr.app.ui.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import org.covidcxr.app.home.AppHome;
import org.covidcxr.app.ui.main.MainViewModel;
import org.covidcxr.app.ui.startup.TrainingTabs;
import org.covidcxr.app.ui.startup.WorkstationDriver;
import org.covidcxr.app.ui.startup.WorkstationLauncher;
import org.covidcxr.dicom.DisplayPipeline;
import org.covidcxr.dicom.DisplaySettings;
import org.covidcxr.dicom.WindowPreset;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.dicom.phantom.ChestPhantom;
import org.covidcxr.modelstore.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code screenshot}: opens one image in a real workstation window, waits for the analysis and writes PNGs of the
 * window (overlay on; lung window with overlay off), the exported report and the Models and Training tabs. Needs a display: run it under Xvfb.
 */
@Command(name = "screenshot", mixinStandardHelpOptions = true,
        description = {"Write screenshots of the workstation with an analysed image.",
                "Needs a display; headless machines: xvfb-run -a -s '-screen 0 1600x1000x24' covidcxr screenshot …"})
public final class ScreenshotCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "Image to open (DICOM, PNG, JPEG).")
    private Path file;

    @Option(names = "--phantom", description = "Use the synthetic chest phantom drawn by the project's own code "
            + "instead of FILE (for documentation: no patient image).")
    private boolean phantom;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/screenshots",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "1440x900", description = "Window size (default: ${DEFAULT-VALUE}).")
    private String size;

    @Option(names = "--store", paramLabel = "DIR", description = "Model store (default: the user's).")
    private Path store;

    @Override
    public Integer call() throws Exception {
        if (phantom == (file != null)) {
            System.err.println("Give either an image FILE or --phantom.");
            return 2;
        }
        Optional<String> problem = WorkstationLauncher.noDisplay()
                .or(() -> file == null ? Optional.empty() : WorkstationDriver.unreadable(file));
        if (problem.isPresent()) {
            System.err.println(problem.get());
            return 2;
        }
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("covidcxr-screenshot");
        Path input = phantom ? phantomPng(work) : file;
        String[] wh = size.split("x");
        try (WorkstationDriver driver = WorkstationDriver.start(new AppHome(work.resolve("home")),
                store != null ? store : ModelStore.defaultRoot(), Double.parseDouble(wh[0]),
                Double.parseDouble(wh[1]))) {
            MainViewModel vm = driver.workstation().viewModel();
            WorkstationDriver.onFx(() -> {
                vm.open(List.of(input));
                return null;
            });
            WorkstationDriver.await(vm::settled, 300_000);
            String status = WorkstationDriver.onFx(() -> vm.selectedProperty().get().statusProperty().get().text());
            String name = phantom ? "phantom" : "xray";
            driver.snapshot(out.resolve(name + "-workstation.png"));
            Path report = out.resolve(name + "-report.png");
            WorkstationDriver.onFx(() -> {
                vm.exports().exportReport(report);
                vm.viewer().applyPreset(WindowPreset.LUNG);
                vm.viewer().overlayVisibleProperty().set(false);
                return null;
            });
            WorkstationDriver.await(vm::settled, 60_000);
            driver.snapshot(out.resolve(name + "-lung-window-no-overlay.png"));
            TrainingTabs tabs = driver.workstation().training();
            WorkstationDriver.onFx(() -> {
                tabs.node().getSelectionModel().select(2);
                return null;
            });
            WorkstationDriver.await(() -> !tabs.models().models().isEmpty(), 60_000);
            driver.snapshot(out.resolve("models-tab.png"));
            WorkstationDriver.onFx(() -> {
                tabs.node().getSelectionModel().select(1);
                return null;
            });
            driver.snapshot(out.resolve("training-tab.png"));
            System.out.println("Analysis: " + status + ". Screenshots in " + out.toAbsolutePath());
        } finally {
            Platform.exit();
        }
        return 0;
    }

    /** The phantom as the default display image in a PNG: no file, no patient, drawn by our own code. */
    private static Path phantomPng(Path work) throws java.io.IOException {
        XrayImage image = ChestPhantom.render(1024, 1024);
        Path png = work.resolve("chest-phantom.png");
        DisplayPipeline.render(image, DisplaySettings.fileDefault(image)).writePng(png);
        return png;
    }
}
