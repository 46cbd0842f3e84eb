package org.covidcxr.app.ui.tools;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import org.covidcxr.app.home.AppHome;
import org.covidcxr.app.session.LoadedImage;
import org.covidcxr.app.ui.main.MainViewModel;
import org.covidcxr.app.ui.startup.WorkstationDriver;
import org.covidcxr.app.ui.startup.WorkstationLauncher;
import org.covidcxr.app.ui.worklist.WorklistItem;
import org.covidcxr.dicom.DisplayPipeline;
import org.covidcxr.dicom.DisplaySettings;
import org.covidcxr.dicom.phantom.PhantomStudy;
import org.covidcxr.modelstore.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code benchmark}: the two workstation timings users feel, measured on a real window in this fresh JVM:
 * cold start to interactive, and "open" to gauge and heat map on screen for one (large) image. Prints numbers; it
 * is not a test.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Time the workstation: cold start to interactive, and open to gauge + heat map shown.",
                "Needs a display; headless machines: xvfb-run -a -s '-screen 0 1600x1000x24' covidcxr benchmark FILE"})
public final class BenchmarkCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "0..1",
            description = "Image to open, e.g. a large uncompressed DICOM radiograph.")
    private Path file;

    @Option(names = "--phantom", description = "Open a 2048 x 2048 DICOM of the synthetic chest phantom drawn by the "
            + "project's own code instead of a FILE (no patient data needed; the package build runs it to record the "
            + "classes a start-up loads).")
    private boolean phantom;

    @Option(names = "--runs", defaultValue = "5", description = "Timed opens after one warm-up (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--store", paramLabel = "DIR", description = "Model store (default: the user's).")
    private Path store;

    @Override
    public Integer call() throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Optional<String> problem = WorkstationLauncher.noDisplay()
                .or(() -> phantom == (file != null) ? Optional.of("Give either an image FILE or --phantom.")
                        : Optional.empty());
        if (problem.isPresent()) {
            System.err.println(problem.get());
            return 2;
        }
        Path work = Files.createTempDirectory("covidcxr-benchmark");
        Path input = phantom ? new PhantomStudy("PHANTOM-001", "PHANTOM^CHEST", LocalDate.of(2020, 3, 11), "A0001")
                .write(work.resolve("phantom"), 1, 2048).get(0) : file;
        try (WorkstationDriver driver = WorkstationDriver.start(new AppHome(work.resolve("home")),
                store != null ? store : ModelStore.defaultRoot(), 1440, 900)) {
            MainViewModel vm = driver.workstation().viewModel();
            WorkstationDriver.await(() -> driver.workstation().stage().isShowing(), 60_000);
            long interactive = System.currentTimeMillis() - jvmStart;
            WorkstationDriver.await(() -> !vm.analysis().modelVersionProperty().get().isEmpty(), 300_000);
            long modelReady = System.currentTimeMillis() - jvmStart;
            // Checked after the start-up was timed (decoding it first would warm the decoders up), before the opens
            // (which would wait for an unreadable file in vain).
            Optional<String> unreadable = WorkstationDriver.unreadable(input);
            if (unreadable.isPresent()) {
                System.err.println(unreadable.get());
                return 2;
            }

            List<Long> times = new ArrayList<>();
            for (int i = 0; i <= runs; i++) {
                // A fresh path each time, so every open decodes, renders and analyses from scratch.
                Path copy = work.resolve("open-" + i + "-" + input.getFileName());
                Files.createSymbolicLink(copy, input.toAbsolutePath());
                long start = System.nanoTime();
                WorkstationDriver.onFx(() -> {
                    vm.open(List.of(copy));
                    return null;
                });
                WorkstationDriver.await(() -> shown(vm, copy), 300_000);
                long ms = (System.nanoTime() - start) / 1_000_000;
                if (i > 0) {
                    times.add(ms);
                }
            }
            var image = WorkstationDriver.onFx(() -> vm.selectedProperty().get().image().orElseThrow().image());
            times.sort(Long::compare);
            System.out.printf(Locale.ROOT, "cold start to interactive window: %d ms (model loaded: %d ms)%n",
                    interactive, modelReady);
            System.out.printf(Locale.ROOT, "open to gauge + heat map shown (%s, %d x %d): median %d ms, min %d, "
                            + "max %d over %d runs after one warm-up%n", input.getFileName(), image.width(),
                    image.height(), times.get(times.size() / 2), times.get(0), times.get(times.size() - 1),
                    times.size());
            // Where the time goes, measured the same way outside the window (warm, same JVM).
            long decode = median(() -> LoadedImage.read(input));
            long render = median(() -> DisplayPipeline.render(image, DisplaySettings.fileDefault(image)));
            System.out.printf(Locale.ROOT, "  of which: decode + SHA-256 %d ms, display render %d ms (medians of 3); "
                    + "the rest is analysis (model + Grad-CAM), overlay layer and screen upload%n", decode, render);
            System.out.printf(Locale.ROOT, "cores: %d, load average (1 min): %.2f, java %s, prism %s%n",
                    Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    System.getProperty("java.version"), System.getProperty("prism.order", "default"));
        } finally {
            Platform.exit();
        }
        return 0;
    }

    private static long median(Callable<?> task) throws Exception {
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            task.call();
            ms.add((System.nanoTime() - start) / 1_000_000);
        }
        ms.sort(Long::compare);
        return ms.get(1);
    }

    private static boolean shown(MainViewModel vm, Path file) {
        WorklistItem item = vm.selectedProperty().get();
        return item != null && item.file().equals(file.toAbsolutePath().normalize()) && vm.settled()
                && item.statusProperty().get() != WorklistItem.Status.OPENING;
    }
}
