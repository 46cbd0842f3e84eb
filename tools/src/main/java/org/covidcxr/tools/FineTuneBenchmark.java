package org.covidcxr.tools;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.covidcxr.inference.CsvTable;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.sitetraining.AcceptanceCriteria;
import org.covidcxr.inference.sitetraining.Cancellation;
import org.covidcxr.inference.sitetraining.PatientPseudonymizer;
import org.covidcxr.inference.sitetraining.RunFolder;
import org.covidcxr.inference.sitetraining.RunPreparation;
import org.covidcxr.inference.sitetraining.RunState;
import org.covidcxr.inference.sitetraining.RunStatus;
import org.covidcxr.inference.sitetraining.ScanListener;
import org.covidcxr.inference.sitetraining.ScanResult;
import org.covidcxr.inference.sitetraining.SiteDataScanner;
import org.covidcxr.inference.sitetraining.SiteSource;
import org.covidcxr.inference.sitetraining.SiteTrainingSettings;
import org.covidcxr.inference.sitetraining.Split;
import org.covidcxr.inference.sitetraining.SplitPlan;
import org.covidcxr.inference.sitetraining.SplitPlanner;
import org.covidcxr.inference.sitetraining.SplitSettings;
import org.covidcxr.inference.sitetraining.TrainingEvent;
import org.covidcxr.inference.sitetraining.TrainingProcess;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Benchmark (not a test) of the wizard's fine-tuning path, end to end: a site of N labelled images from the shared
 * {@code cxr} train split (balanced by class), scanned, split 70/15/15 by patient, copied, then
 * fine-tuned in the training process exactly as the wizard does. Prints wall time per phase and training images/s.
 */
@Command(name = "benchmark-finetune", mixinStandardHelpOptions = true,
        description = {"The wizard's fine-tuning path end to end on N images of the shared train split: scan, split, "
                + "de-identified copy, training process. Prints wall time per phase and training images/s.",
                "Limit the cores from outside (e.g. taskset -c 0,1); the training process uses every core it is "
                        + "given."})
public final class FineTuneBenchmark implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL_BUNDLE", description = "The parent model.")
    private Path bundle;

    @Parameters(index = "1", arity = "0..1", defaultValue = "../shared/data/cxr", paramLabel = "CXR_DIR",
            description = "The shared cxr data set (default: ${DEFAULT-VALUE}).")
    private Path cxr;

    @Parameters(index = "2", arity = "0..1", defaultValue = "500", paramLabel = "IMAGES",
            description = "Site images, balanced by class (default: ${DEFAULT-VALUE}).")
    private int images;

    @Parameters(index = "3", arity = "0..1", defaultValue = "3", paramLabel = "EPOCHS",
            description = "Epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Parameters(index = "4", arity = "0..1", paramLabel = "WORK", description = "Work folder (default: a new "
            + "temporary folder).")
    private Path work;

    @Option(names = "--unfrozen", description = "Train every layer instead of the wizard's default (frozen backbone).")
    private boolean unfrozen;

    @Override
    public Integer call() throws Exception {
        Path folder = work != null ? work : Files.createTempDirectory("finetune-bench");
        boolean frozen = !unfrozen;
        ModelCard parent = ModelBundles.open(bundle).card();
        System.out.printf("fine-tuning %s (%s, %d px, %s) on %d images for %d epochs, %d core(s), work folder %s%n",
                parent.version(), parent.architecture(), parent.input().height(),
                frozen ? "backbone frozen" : "all layers trained", images, epochs,
                Runtime.getRuntime().availableProcessors(), folder);

        long t0 = System.nanoTime();
        Path manifest = siteManifest(cxr, images, folder.resolve("site.csv"));
        List<SiteSource> sources = List.of(new SiteSource.Manifest(manifest));
        ScanResult scan = new SiteDataScanner(PatientPseudonymizer.forSite(folder.resolve("site.key")))
                .scan(sources, ScanListener.NONE, new Cancellation());
        SplitPlan plan = SplitPlanner.plan(scan, SplitSettings.defaults(1));
        long t1 = System.nanoTime();
        RunFolder run = RunPreparation.prepare(folder.resolve("runs"), sources, scan, plan,
                settings(epochs, frozen), AcceptanceCriteria.DEFAULT,
                Optional.of(parent.version()), "benchmark", Instant.now(), ScanListener.NONE, new Cancellation());
        long t2 = System.nanoTime();
        RunState done = TrainingProcess.start(run, Optional.of(bundle)).await();
        long t3 = System.nanoTime();
        if (done.status() != RunStatus.TRAINED) {
            System.out.println("training did not finish: " + done.status() + " " + done.message() + "; see "
                    + run.workerLog());
            return 1;
        }
        List<TrainingEvent> epochEvents = run.events().stream()
                .filter(e -> e.type() == TrainingEvent.Type.EPOCH).toList();
        double trainImagesPerSecond = epochEvents.stream().mapToDouble(TrainingEvent::imagesPerSecond).average()
                .orElse(Double.NaN);
        int trainImages = done.images(Split.TRAIN);
        System.out.printf("site data: %d train, %d validation, %d site test images%n", trainImages,
                done.images(Split.VAL), done.images(Split.TEST));
        System.out.printf("scan + split:                 %6.1f s%n", (t1 - t0) / 1e9);
        System.out.printf("de-identified copy:           %6.1f s%n", (t2 - t1) / 1e9);
        System.out.printf("training process:             %6.1f s (JVM start, preprocessing, %d epochs, calibration,"
                + " export, sealing)%n", (t3 - t2) / 1e9, epochs);
        for (TrainingEvent e : epochEvents) {
            System.out.printf("  epoch %d: train loss %.4f, val loss %.4f, val macro AUROC %.4f, %.1f images/s%n",
                    e.epoch(), e.loss(), e.valLoss(), e.valAuroc(), e.imagesPerSecond());
        }
        System.out.printf("total:                        %6.1f s = %.1f min%n", (t3 - t0) / 1e9, (t3 - t0) / 60e9);
        System.out.printf("training throughput:          %6.1f images/s (mean of the epochs); end to end %.1f trained "
                + "images/s%n", trainImagesPerSecond, (double) trainImages * epochs / ((t3 - t0) / 1e9));
        return 0;
    }

    private static SiteTrainingSettings settings(int epochs, boolean frozen) {
        SiteTrainingSettings d = SiteTrainingSettings.defaults();
        return new SiteTrainingSettings(true, d.architecture(), epochs, d.learningRate(), frozen, d.augmentation(),
                d.batchSize(), d.seed());
    }

    /** A balanced CSV manifest of {@code count} images of the shared train split, with their patient IDs. */
    private static Path siteManifest(Path cxr, int count, Path out) throws IOException {
        CsvTable table = CsvTable.read(cxr.resolve("manifest.csv"));
        int perClass = (count + ModelSignature.CLASSES.size() - 1) / ModelSignature.CLASSES.size();
        Map<String, Integer> taken = new HashMap<>();
        int written = 0;
        Files.createDirectories(out.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            CsvTable.writeRow(w, "file", "label", "patient_id");
            for (int row = 0; row < table.size() && written < count; row++) {
                String label = table.get(row, "label").orElseThrow();
                String patient = table.get(row, "patient_id").orElseThrow();
                if (table.get(row, "split").orElseThrow().equals("train") && taken.getOrDefault(label, 0) < perClass) {
                    taken.merge(label, 1, Integer::sum);
                    CsvTable.writeRow(w, cxr.resolve(table.get(row, "file").orElseThrow()).toAbsolutePath()
                            .toString(), label, patient);
                    written++;
                }
            }
        }
        return out;
    }
}
