package org.covidcxr.app.ui.tools;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import javafx.application.Platform;
import org.covidcxr.app.home.AppHome;
import org.covidcxr.app.session.LoadedImage;
import org.covidcxr.app.ui.main.MainViewModel;
import org.covidcxr.app.ui.startup.WorkstationDriver;
import org.covidcxr.app.ui.startup.WorkstationLauncher;
import org.covidcxr.app.ui.worklist.WorklistItem;
import org.covidcxr.dicom.DisplayPipeline;
import org.covidcxr.dicom.DisplaySettings;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.dicom.XrayImageReader;
import org.covidcxr.dicom.phantom.PhantomStudy;
import org.covidcxr.modelstore.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code benchmark}: the workstation timings users feel, measured on a real window in this fresh JVM: cold start to
 * interactive, and "open" to gauge and heat map on screen, for one (large) image or, with {@code --syntaxes}, for one
 * radiograph in each transfer syntax beside dcmtk's decoding cost. Prints numbers; it is not a test.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Time the workstation: cold start to interactive, and open to gauge + heat map shown.",
                "Needs a display; headless machines: xvfb-run -a -s '-screen 0 1600x1000x24' covidcxr benchmark FILE"})
public final class BenchmarkCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "0..1",
            description = "Image to open, e.g. a large uncompressed DICOM radiograph; with --syntaxes the radiograph "
                    + "to re-encode.")
    private Path file;

    @Option(names = "--phantom", description = "Open a 2048 x 2048 DICOM of the synthetic chest phantom drawn by the "
            + "project's own code instead of a FILE (no patient data needed; the package build runs it to record the "
            + "classes a start-up loads).")
    private boolean phantom;

    @Option(names = "--syntaxes", paramLabel = "SIDE", arity = "0..1", fallbackValue = "2000",
            description = "Re-encode FILE as a SIDE x SIDE radiograph (default 2000) in each common transfer syntax "
                    + "with dcmtk and GDCM, and time each: open to gauge, against the uncompressed file, and decoding, "
                    + "against dcmtk.")
    private Integer syntaxSide;

    @Option(names = "--runs", defaultValue = "5", description = "Timed opens after one warm-up (default: ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--store", paramLabel = "DIR", description = "Model store (default: the user's).")
    private Path store;

    /** The open timings of one file: to the gauge and heat map, and to the image at full resolution. */
    private record Opens(List<Long> toGauge, List<Long> toFullImage) {
        long medianToGauge() {
            return median(toGauge);
        }

        long medianToFullImage() {
            return median(toFullImage);
        }

        private static long median(List<Long> ms) {
            List<Long> sorted = ms.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }
    }

    @Override
    public Integer call() throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        // What ran in the minute before this start: whether the cold start was measured on a quiet machine.
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Optional<String> problem = WorkstationLauncher.noDisplay()
                .or(() -> phantom == (file != null) ? Optional.of("Give either an image FILE or --phantom.")
                        : Optional.empty());
        if (problem.isPresent()) {
            System.err.println(problem.get());
            return 2;
        }
        Path work = Files.createTempDirectory("covidcxr-benchmark");
        try (WorkstationDriver driver = WorkstationDriver.start(new AppHome(work.resolve("home")),
                store != null ? store : ModelStore.defaultRoot(), 1440, 900)) {
            MainViewModel vm = driver.workstation().viewModel();
            // Interactive: the window is up and the JavaFX thread, done with showing it, answers the next event.
            WorkstationDriver.await(() -> driver.workstation().stage().isShowing(), 60_000);
            WorkstationDriver.onFx(() -> null);
            long interactive = System.currentTimeMillis() - jvmStart;
            WorkstationDriver.await(() -> !vm.analysis().modelVersionProperty().get().isEmpty(), 300_000);
            long modelReady = System.currentTimeMillis() - jvmStart;
            // Drawn after the start-up was timed: drawing a 2048 x 2048 phantom takes most of a second.
            Path input = phantom ? new PhantomStudy("PHANTOM-001", "PHANTOM^CHEST", LocalDate.of(2020, 3, 11), "A0001")
                    .write(work.resolve("phantom"), 1, 2048).get(0) : file;
            // Checked after the start-up was timed (decoding it first would warm the decoders up), before the opens
            // (which would wait for an unreadable file in vain).
            Optional<String> unreadable = WorkstationDriver.unreadable(input);
            if (unreadable.isPresent()) {
                System.err.println(unreadable.get());
                return 2;
            }
            System.out.printf(Locale.ROOT, "cold start to interactive window: %d ms (model loaded: %d ms), load average "
                    + "(1 min) at start %.2f%n", interactive, modelReady, loadAtStart);
            if (syntaxSide != null) {
                perSyntax(vm, work, SyntaxVariants.make(input, syntaxSide, Files.createDirectory(
                        work.resolve("syntaxes"))));
            } else {
                oneFile(vm, work, input);
            }
            System.out.printf(Locale.ROOT, "cores: %d, load average (1 min) at end: %.2f, java %s, prism %s%n",
                    Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    System.getProperty("java.version"), System.getProperty("prism.order", "default"));
        } finally {
            Platform.exit();
        }
        return 0;
    }

    private void oneFile(MainViewModel vm, Path work, Path input) throws Exception {
        Opens opens = opens(vm, work, input, runs);
        XrayImage image = WorkstationDriver.onFx(() -> vm.selectedProperty().get().image().orElseThrow().image());
        List<Long> times = opens.toGauge().stream().sorted().toList();
        System.out.printf(Locale.ROOT, "open to gauge + heat map shown (%s, %d x %d): median %d ms, min %d, "
                        + "max %d over %d runs after one warm-up; full-resolution image shown: median %d ms%n",
                input.getFileName(), image.width(), image.height(), opens.medianToGauge(), times.get(0),
                times.get(times.size() - 1), times.size(), opens.medianToFullImage());
        // Where the time goes, measured the same way outside the window (warm, same JVM).
        long decode = medianMs(() -> LoadedImage.read(input));
        long render = medianMs(() -> DisplayPipeline.render(image, DisplaySettings.fileDefault(image)));
        System.out.printf(Locale.ROOT, "  of which: decode + SHA-256 %d ms, display render %d ms (medians of 3); "
                + "the rest is analysis (model + Grad-CAM), overlay layer and screen upload%n", decode, render);
    }

    private void perSyntax(MainViewModel vm, Path work, SyntaxVariants.Set set) throws Exception {
        // Decoding first, while no opened image occupies the heap; then every file opened once, so that no syntax
        // pays for warming up code the others share.
        List<Double> ours = new ArrayList<>();
        List<OptionalDouble> pixelMed = new ArrayList<>();
        List<OptionalDouble> dcmtk = new ArrayList<>();
        for (SyntaxVariants.Variant v : set.variants()) {
            ours.add(DecodeCost.javaMs(() -> XrayImageReader.read(v.file())));
            pixelMed.add(DecodeCost.pixelMedMs(v.file()));
            dcmtk.add(v.dcmtkDecoder().isPresent()
                    ? DecodeCost.dcmtkNetMs(v.dcmtkDecoder().get(), v.file(), set.tiny()) : OptionalDouble.empty());
        }
        for (SyntaxVariants.Variant v : set.variants()) {
            opens(vm, work, v.file(), 0);
        }
        List<Opens> opens = new ArrayList<>();
        for (SyntaxVariants.Variant v : set.variants()) {
            opens.add(opens(vm, work, v.file(), runs));
        }

        System.out.printf(Locale.ROOT, "%nOne radiograph, %d x %d, in each transfer syntax. Open: median of %d opens "
                        + "after one warm-up, to the gauge and heat map and to the full-resolution image. Decode: CPU "
                        + "ms of one full decode: ours and PixelMed's own (best of 5 warm), dcmtk's net of its start-up.%n",
                syntaxSide, syntaxSide, runs);
        System.out.printf(Locale.ROOT, "%-36s %9s %9s %10s %11s %8s %9s %10s%n", "transfer syntax", "to gauge",
                "x uncomp.", "full image", "decode ours", "PixelMed", "dcmtk net", "ours/dcmtk");
        long reference = opens.get(set.variants().indexOf(set.uncompressed())).medianToGauge();
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < set.variants().size(); i++) {
            SyntaxVariants.Variant v = set.variants().get(i);
            double toUncompressed = (double) opens.get(i).medianToGauge() / reference;
            OptionalDouble net = dcmtk.get(i);
            String ratio = net.isPresent() ? String.format(Locale.ROOT, "%.2f", ours.get(i) / net.getAsDouble()) : "-";
            System.out.printf(Locale.ROOT, "%-36s %9d %9.2f %10d %11.1f %8s %9s %10s%n", v.syntax(),
                    opens.get(i).medianToGauge(), toUncompressed, opens.get(i).medianToFullImage(), ours.get(i),
                    ms(pixelMed.get(i)), ms(net), ratio);
            if (v.syntax().startsWith("JPEG 2000 Lossless")) {
                targets.add(String.format(Locale.ROOT, "lossless JPEG 2000 open to gauge: %.2f x the uncompressed "
                        + "file's (target <= 2)", toUncompressed));
            }
            if (v.syntax().startsWith("JPEG Extended 12-bit") && net.isPresent()) {
                targets.add("12-bit JPEG decode: " + ratio + " x dcmtk's (" + v.dcmtkDecoder().get() + ") net CPU "
                        + "time (target <= 1.5)");
            }
        }
        targets.forEach(System.out::println);
    }

    /** Opens the file {@code timed + 1} times, each by a fresh path so that nothing is cached; the first is not timed. */
    private static Opens opens(MainViewModel vm, Path work, Path input, int timed) throws Exception {
        List<Long> toGauge = new ArrayList<>();
        List<Long> toFull = new ArrayList<>();
        for (int i = 0; i <= timed; i++) {
            Path copy = Files.createSymbolicLink(work.resolve("open-" + i + "-" + System.nanoTime() + "-"
                    + input.getFileName()), input.toAbsolutePath());
            long start = System.nanoTime();
            WorkstationDriver.onFx(() -> {
                vm.open(List.of(copy));
                return null;
            });
            long gauge = awaitMs(vm, copy, MainViewModel::resultShown, start);
            long full = awaitMs(vm, copy, MainViewModel::settled, start);
            if (i > 0) {
                toGauge.add(gauge);
                toFull.add(full);
            }
        }
        return new Opens(toGauge, toFull);
    }

    private static long awaitMs(MainViewModel vm, Path file, Predicate<MainViewModel> shown,
                                long start) throws Exception {
        WorkstationDriver.await(() -> {
            WorklistItem item = vm.selectedProperty().get();
            return item != null && item.file().equals(file.toAbsolutePath().normalize())
                    && item.statusProperty().get() != WorklistItem.Status.OPENING && shown.test(vm);
        }, 300_000);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String ms(OptionalDouble ms) {
        return ms.isPresent() ? String.format(Locale.ROOT, "%.1f", ms.getAsDouble()) : "-";
    }

    private static long medianMs(Callable<?> task) throws Exception {
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            task.call();
            ms.add((System.nanoTime() - start) / 1_000_000);
        }
        ms.sort(Long::compare);
        return ms.get(1);
    }
}
