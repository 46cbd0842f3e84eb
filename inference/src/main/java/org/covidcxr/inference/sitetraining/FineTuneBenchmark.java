package org.covidcxr.inference.sitetraining;

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
import org.covidcxr.inference.CsvTable;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.TensorFlowRuntime;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelCard;

/**
 * Benchmark (not a test) of the wizard's fine-tuning path, end to end: a site of N labelled images from the shared
 * {@code cxr} train split (balanced by class), scanned, split 70/15/15 by patient, copied, then
 * fine-tuned in the training process exactly as the wizard does. Prints wall time per phase and training images/s.
 *
 * <pre>
 * java -cp … org.covidcxr.inference.sitetraining.FineTuneBenchmark MODEL_BUNDLE [CXR_DIR] [IMAGES] [EPOCHS] [WORK]
 *     [--unfrozen]
 * </pre>
 * {@code --unfrozen} trains every layer instead of the wizard's default (frozen backbone).
 * Limit the cores from outside (e.g. {@code taskset -c 0,1}); the training process uses every core it is given.
 */
public final class FineTuneBenchmark {

    private FineTuneBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        TensorFlowRuntime.prepareEnvironment();
        Path bundle = Path.of(args[0]);
        Path cxr = Path.of(args.length > 1 ? args[1] : "../shared/data/cxr");
        int images = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path work = args.length > 4 && !args[4].startsWith("--") ? Path.of(args[4])
                : Files.createTempDirectory("finetune-bench");
        boolean frozen = !List.of(args).contains("--unfrozen");
        ModelCard parent = ModelBundles.open(bundle).card();
        System.out.printf("fine-tuning %s (%s, %d px, %s) on %d images for %d epochs, %d core(s), work folder %s%n",
                parent.version(), parent.architecture(), parent.input().height(),
                frozen ? "backbone frozen" : "all layers trained", images, epochs,
                Runtime.getRuntime().availableProcessors(), work);

        long t0 = System.nanoTime();
        Path manifest = siteManifest(cxr, images, work.resolve("site.csv"));
        List<SiteSource> sources = List.of(new SiteSource.Manifest(manifest));
        ScanResult scan = new SiteDataScanner(PatientPseudonymizer.forSite(work.resolve("site.key")))
                .scan(sources, ScanListener.NONE, new Cancellation());
        SplitPlan plan = SplitPlanner.plan(scan, SplitSettings.defaults(1));
        long t1 = System.nanoTime();
        RunFolder run = RunPreparation.prepare(work.resolve("runs"), sources, scan, plan,
                settings(epochs, frozen), AcceptanceCriteria.DEFAULT,
                Optional.of(parent.version()), "benchmark", Instant.now(), ScanListener.NONE, new Cancellation());
        long t2 = System.nanoTime();
        RunState done = TrainingProcess.start(run, Optional.of(bundle)).await();
        long t3 = System.nanoTime();
        if (done.status() != RunStatus.TRAINED) {
            System.out.println("training did not finish: " + done.status() + " " + done.message() + "; see "
                    + run.workerLog());
            System.exit(1);
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
