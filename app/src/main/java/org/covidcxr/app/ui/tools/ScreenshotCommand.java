package org.covidcxr.app.ui.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.covidcxr.app.home.AppHome;
import org.covidcxr.app.ui.main.MainViewModel;
import org.covidcxr.app.ui.startup.TrainingTabs;
import org.covidcxr.app.ui.startup.WorkstationDriver;
import org.covidcxr.app.ui.startup.WorkstationLauncher;
import org.covidcxr.dicom.WindowPreset;
import org.covidcxr.dicom.phantom.PhantomStudy;
import org.covidcxr.files.FileTrees;
import org.covidcxr.modelstore.ModelStore;
import org.covidcxr.pacs.DicomNode;
import org.covidcxr.pacs.PacsClient;
import org.covidcxr.pacs.PacsSettings;
import org.covidcxr.pacs.TransferProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code screenshot}: opens one image in a real workstation window, waits for the analysis and writes PNGs of every
 * screen at each chosen window size: the viewer with the analysis, the metadata panel, the shortcuts dialog, the lung
 * window without overlay, each step of the training wizard (on phantom class folders, as far as a short run gets) and
 * the Models tab; and the exported report. Needs a display: run it under Xvfb.
 */
@Command(name = "screenshot", mixinStandardHelpOptions = true,
        description = {"Write screenshots of every screen of the workstation, with an analysed image.",
                "Needs a display; headless machines: xvfb-run -a -s '-screen 0 1920x1080x24' covidcxr screenshot …"})
public final class ScreenshotCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "Image to open (DICOM, PNG, JPEG).")
    private Path file;

    @Option(names = "--phantom", description = "Use the synthetic chest phantom drawn by the project's own code "
            + "instead of FILE (for documentation: no patient image).")
    private boolean phantom;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/screenshots",
            description = "Output folder (default: ${DEFAULT-VALUE}); with several sizes, one sub-folder per size.")
    private Path out;

    @Option(names = "--size", paramLabel = "WxH", split = ",", defaultValue = "1366x768,1920x1080",
            description = "Window sizes (default: ${DEFAULT-VALUE}).")
    private List<String> sizes;

    @Option(names = "--store", paramLabel = "DIR", description = "Model store (default: the user's).")
    private Path store;

    @Option(names = "--pacs", paramLabel = "AE@HOST:PORT", description = "Also show the PACS tab: a synthetic "
            + "phantom study is sent to this PACS (e.g. a test Orthanc from scripts/orthanc.sh) and listed.")
    private String pacs;

    @Override
    public Integer call() throws Exception {
        if (phantom == (file != null)) {
            System.err.println("Give either an image FILE or --phantom.");
            return 2;
        }
        List<Shots.Size> windowSizes;
        try {
            windowSizes = sizes.stream().map(Shots.Size::parse).toList();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
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
        Path input = phantom ? PhantomImages.png(work.resolve("chest-phantom.png"), 1024, 1024) : file;
        Shots.Size first = windowSizes.get(0);
        if (pacs != null) {
            DicomNode node = DicomNode.parse(pacs);
            new PacsSettings(PacsSettings.DEFAULT.aeTitle(), PacsSettings.DEFAULT.port(), false, 512, false, "",
                    List.of(node)).save(new AppHome(work.resolve("home")).pacsSettings());
            List<Path> study = new PhantomStudy("PHANTOM-001", "PHANTOM^CHEST", LocalDate.of(2020, 3, 11), "A0001")
                    .write(work.resolve("pacs-study"), 1, 1024);
            new PacsClient(PacsSettings.DEFAULT.aeTitle()).store(node, study, TransferProgress.NONE);
        }
        try (WorkstationDriver driver = WorkstationDriver.start(new AppHome(work.resolve("home")),
                store != null ? store : ModelStore.defaultRoot(), first.width(), first.height())) {
            MainViewModel vm = driver.workstation().viewModel();
            Shots.fx(() -> vm.open(List.of(input)));
            WorkstationDriver.await(vm::settled, 300_000);
            String status = WorkstationDriver.onFx(() -> vm.selectedProperty().get().statusProperty().get().text());
            Shots shots = new Shots(driver, windowSizes, out, vm::settled);
            String name = phantom ? "phantom" : "xray";
            shots.take(name + "-workstation");
            Shots.fx(() -> vm.exports().exportReport(out.resolve(name + "-report.png")));
            Stage stage = driver.workstation().stage();
            TabPane panels = (TabPane) stage.getScene().lookup("#panel-tabs");
            shots.take(name + "-metadata", () -> panels.getSelectionModel().select(1),
                    () -> panels.getSelectionModel().select(0));
            shots.take("shortcuts", () -> menuItem(stage.getScene(), "Shortcuts").fire(), () -> closeDialogs(stage));
            Shots.fx(() -> {
                vm.viewer().applyPreset(WindowPreset.LUNG);
                vm.viewer().overlayVisibleProperty().set(false);
            });
            shots.take(name + "-lung-window-no-overlay");

            TrainingTabs tabs = driver.workstation().training();
            String wizard = WizardTour.run(tabs, PhantomImages.labelledFolder(work.resolve("site"), 12), shots);
            Shots.fx(() -> tabs.node().getSelectionModel().select(2));
            WorkstationDriver.await(() -> !tabs.models().models().isEmpty(), 60_000);
            shots.take("models-tab");
            if (pacs != null) {
                Shots.fx(() -> {
                    tabs.node().getSelectionModel().select(3);
                    ((Button) stage.getScene().lookup("#pacs-search")).fire();
                });
                TableView<?> studies = (TableView<?>) stage.getScene().lookup("#pacs-studies");
                WorkstationDriver.await(() -> !studies.getItems().isEmpty(), 30_000);
                Shots.fx(() -> ((TableView<?>) stage.getScene().lookup("#pacs-studies")).getSelectionModel()
                        .select(0));
                shots.take("pacs-tab");
            }
            System.out.println("Analysis: " + status + ". Training wizard: " + wizard + ". Screenshots in "
                    + out.toAbsolutePath());
        } finally {
            Platform.exit();
        }
        FileTrees.delete(work); // the phantoms, the training run and the temporary home
        return 0;
    }

    private static MenuItem menuItem(Scene scene, String text) {
        MenuBar bar = (MenuBar) scene.lookup(".menu-bar");
        return bar.getMenus().stream().flatMap(m -> m.getItems().stream())
                .filter(i -> !(i instanceof Menu) && text.equals(i.getText())).findFirst().orElseThrow();
    }

    private static void closeDialogs(Stage owner) {
        List.copyOf(Window.getWindows()).stream()
                .filter(w -> w instanceof Stage s && s.getOwner() == owner)
                .forEach(Window::hide);
    }
}
