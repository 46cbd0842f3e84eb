package org.covidcxr.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.covidcxr.batch.ArchiveScreening;
import org.covidcxr.batch.ScreeningSummary;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.dicom.StagedIntake;
import org.covidcxr.files.FileTrees;
import org.covidcxr.inference.CsvTable;
import org.covidcxr.inference.screening.ImageScreening;
import org.covidcxr.modelstore.BundledModels;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issue 21's measurement, in one run on one machine and one set of images: {@code predict}'s way (one JVM, one image
 * after another: read, gate, model) against the archive job on Spark with {@code local[2]}, and the job's scaling
 * from {@code local[1]} to {@code local[2]}. Every path screens the same files with the model already loaded and the
 * files in the page cache, so what differs is how the work is spread.
 */
@Command(name = "benchmark-batch", mixinStandardHelpOptions = true,
        description = "Images/s of predict's way (one JVM) against the Spark job with local[2], and the job's "
                + "scaling from local[1] to local[2].")
final class BatchBenchmark implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "../shared/data/cxr", paramLabel = "DIR",
            description = "A folder with manifest.csv; its first --images files are screened (default: "
                    + "${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--images", defaultValue = "1000", description = "How many (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--model", paramLabel = "BUNDLE_DIR", description = "The model (default: the newest bundle in "
            + "model-store/models/).")
    Path model;

    @Override
    public Integer call() throws IOException, ImageReadException {
        CsvTable manifest = CsvTable.read(data.resolve("manifest.csv"));
        manifest.require("file");
        List<Path> files = java.util.stream.IntStream.range(0, manifest.size())
                .mapToObj(r -> data.resolve(manifest.get(r, "file").orElseThrow())).sorted().limit(images).toList();
        Path copy = Files.createTempDirectory("covidcxr-benchmark-batch");
        try {
            for (Path f : files) {
                // One folder the job lists, holding exactly these files; reading them also fills the page cache.
                Files.copy(f, copy.resolve(f.getFileName()));
            }
            ModelBundle bundle = ModelBundles.open(model != null ? model : newestShipped());
            System.out.printf(Locale.ROOT, "%d images, model %s, %d cores, load average %.2f%n", files.size(),
                    bundle.version(), Runtime.getRuntime().availableProcessors(), loadAverage());
            double predict = predictWay(bundle, files);
            System.out.printf(Locale.ROOT, "predict's way (one JVM, one image after another): %.2f images/s%n",
                    predict);
            double one = spark("local[1]", bundle, copy);
            double two = spark("local[2]", bundle, copy);
            System.out.printf(Locale.ROOT, "Spark job, local[1]: %.2f images/s (%.2f x predict's way)%n", one,
                    one / predict);
            System.out.printf(Locale.ROOT, "Spark job, local[2]: %.2f images/s (%.2f x predict's way)%n", two,
                    two / predict);
            System.out.printf(Locale.ROOT, "scaling local[1] -> local[2]: %.2f x%n", two / one);
            System.out.printf(Locale.ROOT, "load average after: %.2f%n", loadAverage());
            return 0;
        } finally {
            FileTrees.delete(copy);
        }
    }

    /** As predict screens: one image after another in one JVM, the model loaded once (and warmed on one image). */
    private static double predictWay(ModelBundle bundle, List<Path> files) throws ImageReadException {
        try (ImageScreening screening = ImageScreening.open(bundle)) {
            screening.screen(StagedIntake.read(files.get(0)).analysisImage(), false);
            long start = System.nanoTime();
            for (Path f : files) {
                try {
                    screening.screen(StagedIntake.read(f).analysisImage(), false);
                } catch (ImageReadException e) {
                    System.err.println(e.getMessage());
                }
            }
            return files.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** The job over the folder, on a session with {@code master}, after a warm-up job that loads the model. */
    private static double spark(String master, ModelBundle bundle, Path folder) throws IOException {
        SparkSession session = SparkSession.builder().master(master).appName("benchmark-batch " + master)
                .config("spark.ui.enabled", false).getOrCreate();
        try {
            Path out = Files.createTempDirectory("covidcxr-benchmark-results");
            try (var first = Files.list(folder)) {
                Path warm = first.findFirst().orElseThrow();
                ArchiveScreening.run(session, settings(List.of(warm.toString()), out.resolve("warm-up"), bundle),
                        p -> { });
            }
            ScreeningSummary summary = ArchiveScreening.run(session, settings(List.of(folder.toString()),
                    out.resolve("results"), bundle), p -> { });
            FileTrees.delete(out);
            return summary.screened() / summary.seconds();
        } finally {
            session.stop();
        }
    }

    private static ArchiveScreening.Settings settings(List<String> inputs, Path out, ModelBundle bundle) {
        return new ArchiveScreening.Settings(inputs, List.of(), out.toString(), bundle, false, 0, Optional.empty());
    }

    private static Path newestShipped() {
        Path shipped = Path.of("model-store", "models");
        List<String> versions = BundledModels.fromDirectory(shipped).versions();
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("No bundle in " + shipped.toAbsolutePath() + "; give --model.");
        }
        return shipped.resolve(versions.get(versions.size() - 1));
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
