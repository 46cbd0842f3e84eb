package org.covidcxr.inference.sitetraining;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.covidcxr.inference.CsvTable;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.data.PreparedDataset;
import org.covidcxr.inference.network.Architecture;
import org.covidcxr.inference.training.ModelFinisher;
import org.covidcxr.inference.training.Trainer;
import org.covidcxr.inference.training.TrainingConfig;
import org.covidcxr.inference.training.TrainingListener;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;

/**
 * Site data and a parent model for site-training tests: a class-folder copy of a few shared chest X-rays (plus a
 * planted corrupt file) and a deliberately tiny model (narrow, small input) so fine-tuning it takes seconds.
 */
public final class SiteTrainingFixture {
    public static final String CORRUPT_FILE = "corrupt.png";

    private SiteTrainingFixture() {
    }

    public static Path sharedCxr() {
        Path cxr = Path.of(System.getProperty("covidcxr.shared.data", "../shared/data")).resolve("cxr");
        assumeTrue(Files.isRegularFile(cxr.resolve("manifest.csv")),
                "shared chest X-rays missing at " + cxr.toAbsolutePath() + " (see DEVELOPERS.md, Data)");
        return cxr;
    }

    /**
     * Copies {@code perClass} images of each class from the shared {@code split} (one per patient, in manifest order)
     * into {@code folder/<class>/}, and plants a truncated PNG in {@code folder/normal/}.
     */
    public static Path labelledFolder(Path folder, String split, int perClass) throws IOException {
        Path cxr = sharedCxr();
        CsvTable manifest = CsvTable.read(cxr.resolve("manifest.csv"));
        Map<String, Integer> taken = new java.util.HashMap<>();
        Set<String> patients = new HashSet<>();
        for (int row = 0; row < manifest.size(); row++) {
            String label = manifest.get(row, "label").orElseThrow();
            String patient = manifest.get(row, "patient_id").orElseThrow();
            if (!manifest.get(row, "split").orElseThrow().equals(split) || taken.getOrDefault(label, 0) >= perClass
                    || !patients.add(patient)) {
                continue;
            }
            taken.merge(label, 1, Integer::sum);
            Path source = cxr.resolve(manifest.get(row, "file").orElseThrow());
            Path target = folder.resolve(label).resolve(source.getFileName());
            Files.createDirectories(target.getParent());
            Files.copy(source, target);
        }
        byte[] png = Files.readAllBytes(Files.list(folder.resolve("normal")).findFirst().orElseThrow());
        Files.write(folder.resolve("normal").resolve(CORRUPT_FILE), Arrays.copyOf(png, png.length / 3));
        return folder;
    }

    /**
     * Trains a tiny model (width 2, 48 px, one epoch) in this JVM and seals it as bundle {@code version} in
     * {@code work/bundle}: a stand-in for the shipped model with the same card, signature and finishing code.
     */
    public static Path tinyParent(Path work, String version) throws IOException {
        Path site = labelledFolder(work.resolve("parent-data"), Datasets.VAL, 12);
        PatientPseudonymizer key = PatientPseudonymizer.forSite(work.resolve("parent.key"));
        ScanResult scan = new SiteDataScanner(key).scan(List.of(new SiteSource.ClassFolders(site)),
                ScanListener.NONE, new Cancellation());
        SplitPlan plan = SplitPlanner.plan(scan, new SplitSettings(0.3, 0.05, 1));
        Path dataset = work.resolve("parent-dataset");
        SiteDatasetWriter.write(plan, dataset, ScanListener.NONE, new Cancellation());
        TrainingConfig config = TrainingConfig.builder(dataset, work.resolve("parent-run")).width(2).inputSize(48)
                .epochs(1).batchSize(8).threads(2).build();
        PreparedDataset[] data = Trainer.prepare(config, Datasets.load(dataset));
        Trainer.Result result = new Trainer(config, Architecture.byName(config.architecture(), config.width()),
                new TrainingListener() { }).run(data[0], data[1], false);
        ModelFinisher.Finished finished = ModelFinisher.finish(result, version, Optional.empty(), "test fixture",
                List.of("test model"), "tiny test model");
        ModelBundle bundle = ModelBundles.seal(finished.bundle());
        return bundle.directory();
    }
}
