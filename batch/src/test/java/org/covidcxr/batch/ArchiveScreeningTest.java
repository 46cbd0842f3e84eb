package org.covidcxr.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.covidcxr.dicom.StagedIntake;
import org.covidcxr.dicom.StudyInfo;
import org.covidcxr.inference.TestDicom;
import org.covidcxr.inference.screening.ImageScreening;
import org.covidcxr.modelstore.BundledModels;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive job in Spark's local mode, with the shipped model, on real files from {@code ../shared/data}: chest
 * films as PNG and DICOM, a film turned on its side, a DICOM of a hand, files cut short, empty, or not images at all.
 */
class ArchiveScreeningTest {
    private static final Path SHARED = Path.of(System.getProperty("covidcxr.shared.data", "../shared/data"));
    private static final Path SHIPPED = Path.of("..", "model-store", "models");

    @TempDir
    static Path tmp;
    static SparkSession spark;
    static ModelBundle bundle;

    @BeforeAll
    static void start() {
        List<String> versions = BundledModels.fromDirectory(SHIPPED).versions();
        bundle = ModelBundles.open(SHIPPED.resolve(versions.get(versions.size() - 1)));
        // Two task threads, and up to four attempts per task, as a small cluster would retry a lost executor's task.
        spark = SparkSession.builder().master("local[2,4]").appName("archive screening test")
                .config("spark.ui.enabled", false).getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void everyFileGetsOneRowThatSaysWhatPredictSaysAndARerunScreensNothingAgain() throws Exception {
        Path archive = archive("archive", 200);
        String out = tmp.resolve("results").toString();

        ScreeningSummary first = ArchiveScreening.run(spark, settings(archive, out), p -> { });
        List<Row> rows = spark.read().parquet(out).collectAsList();
        long files;
        try (Stream<Path> all = Files.walk(archive)) {
            files = all.filter(Files::isRegularFile).count();
        }
        assertThat(rows).hasSize((int) files);
        assertThat(rows.stream().map(r -> r.<String>getAs("file")).distinct()).hasSize((int) files);
        assertThat(first.screened()).isEqualTo(files);
        assertThat(first.byStatus()).containsKeys(ScreeningRows.ANALYSED, ScreeningRows.NOT_SUITABLE,
                ScreeningRows.UNREADABLE).doesNotContainKey(ScreeningRows.FAILED);

        assertThat(row(rows, "cut.dcm").<String>getAs("status")).isEqualTo(ScreeningRows.UNREADABLE);
        assertThat(row(rows, "cut.dcm").<String>getAs("reason")).contains("cut off").doesNotContain("cut.dcm");
        assertThat(row(rows, "empty.dcm").<String>getAs("reason")).contains("empty");
        assertThat(row(rows, "notes.txt").<String>getAs("reason")).contains("not a DICOM, PNG or JPEG image");
        assertThat(row(rows, "hand.dcm").<String>getAs("status")).isEqualTo(ScreeningRows.NOT_SUITABLE);
        assertThat(row(rows, "hand.dcm").<String>getAs("reason")).contains("HAND");
        assertThat(row(rows, "hand.dcm").<Object>getAs("covidProbability")).as("no verdict").isNull();
        assertThat(row(rows, "turned.png").<String>getAs("status")).isEqualTo(ScreeningRows.NOT_SUITABLE);

        // The same intake, gate and model as predict: the same numbers, to the last bit.
        try (ImageScreening screening = ImageScreening.open(bundle)) {
            List<Path> sample = new ArrayList<>();
            try (Stream<Path> all = Files.walk(archive)) {
                all.filter(p -> p.toString().matches(".*\\.(png|dcm)") && !p.toString().contains("cut")
                        && !p.toString().contains("empty")).sorted().limit(12).forEach(sample::add);
            }
            sample.add(archive.resolve("dicom/RG1_J2KI.dcm"));
            for (Path file : sample) {
                StagedIntake input = StagedIntake.read(file);
                ImageScreening.Outcome expected = screening.screen(input.analysisImage(), false);
                Row actual = row(rows, file.getFileName().toString());
                assertThat(actual.<String>getAs("sha256")).isEqualTo(input.sha256());
                if (expected.skipped()) {
                    assertThat(actual.<String>getAs("status")).as(file.toString()).isEqualTo(ScreeningRows.NOT_SUITABLE);
                    continue;
                }
                assertThat(actual.<String>getAs("status")).as(file.toString()).isEqualTo(ScreeningRows.ANALYSED);
                float[] p = expected.diagnosis().orElseThrow().probabilities();
                Map<String, Double> got = actual.getJavaMap(actual.fieldIndex("probabilities"));
                assertThat(got).as(file.toString()).containsExactlyInAnyOrderEntriesOf(Map.of("covid", (double) p[0],
                        "normal", (double) p[1], "pneumonia", (double) p[2]));
                assertThat(actual.<String>getAs("verdict"))
                        .isEqualTo(expected.diagnosis().orElseThrow().verdict().text());
                assertThat(actual.<String>getAs("modelVersion")).isEqualTo(bundle.version());
                assertThat(actual.<String>getAs("modelChecksum")).isEqualTo(bundle.checksum());
            }
        }

        // No patient name or ID reaches the results.
        StudyInfo study = StagedIntake.read(archive.resolve("dicom/RG1_J2KI.dcm")).analysisImage().study();
        String everything = rows.stream().map(Row::toString).collect(Collectors.joining("\n"));
        for (String identifier : List.of(study.patientName(), study.patientId())) {
            if (identifier.length() > 2) {
                assertThat(everything).doesNotContain(identifier);
            }
        }

        ScreeningSummary again = ArchiveScreening.run(spark, settings(archive, out), p -> { });
        assertThat(again.screened()).as("nothing new").isZero();
        assertThat(again.skipped()).isEqualTo(files);
        assertThat(spark.read().parquet(out).count()).isEqualTo(files);
    }

    @Test
    void aTaskThatDiesMidwayIsRetriedAndStillEveryImageHasExactlyOneRow() throws Exception {
        Path archive = archive("retried", 30);
        String out = tmp.resolve("retried-results").toString();
        // What a run killed as a whole leaves: a results folder with nothing committed in it.
        Files.createDirectories(tmp.resolve("retried-results/_temporary/0"));
        AtomicInteger failedTasks = new AtomicInteger();
        SparkListener failures = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.reason() instanceof ExceptionFailure) {
                    failedTasks.incrementAndGet();
                }
            }
        };
        spark.sparkContext().addSparkListener(failures);
        System.setProperty(PartitionScreener.FAIL_FIRST_ATTEMPT_PROPERTY, "5");
        try {
            ArchiveScreening.run(spark, new ArchiveScreening.Settings(List.of(archive.toString()), List.of(), out,
                    bundle, false, 3, Optional.empty()), p -> { });
        } finally {
            System.clearProperty(PartitionScreener.FAIL_FIRST_ATTEMPT_PROPERTY);
            spark.sparkContext().removeSparkListener(failures);
        }
        assertThat(failedTasks.get()).as("the first attempt of a task died after five images").isGreaterThan(0);
        List<Row> rows = spark.read().parquet(out).collectAsList();
        long files;
        try (Stream<Path> all = Files.walk(archive)) {
            files = all.filter(Files::isRegularFile).count();
        }
        assertThat(rows.stream().map(r -> r.<String>getAs("file")).distinct()).hasSize((int) files);
        assertThat(rows).hasSize((int) files);
    }

    private static ArchiveScreening.Settings settings(Path archive, String out) {
        return new ArchiveScreening.Settings(List.of(archive.toString()), List.of(), out, bundle, false, 0,
                Optional.of("a site secret of sixteen bytes or more".getBytes(StandardCharsets.UTF_8)));
    }

    private static Row row(List<Row> rows, String fileName) {
        return rows.stream().filter(r -> r.<String>getAs("file").endsWith("/" + fileName)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + fileName));
    }

    /** Chest films from the cxr test split and the real DICOM files, plus damaged, empty and non-chest files. */
    private static Path archive(String name, int images) throws Exception {
        Path cxr = SHARED.resolve("cxr");
        Path real = SHARED.resolve("dicom/real");
        assumeTrue(Files.isDirectory(cxr) && Files.isDirectory(real), "shared test data missing at "
                + SHARED.toAbsolutePath() + " (set -Dcovidcxr.shared.data)");
        Path archive = Files.createDirectories(tmp.resolve(name));
        List<String> lines = Files.readAllLines(cxr.resolve("manifest.csv"));
        List<String> test = lines.stream().skip(1).map(String::strip).filter(l -> l.endsWith(",test"))
                .map(l -> l.substring(0, l.indexOf(','))).sorted().limit(images).toList();
        for (String file : test) {
            Path target = archive.resolve("png").resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(cxr.resolve(file), target);
        }
        Path dicom = Files.createDirectories(archive.resolve("dicom"));
        try (Stream<Path> files = Files.list(real)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".dcm")).toList()) {
                Files.copy(f, dicom.resolve(f.getFileName()));
            }
        }
        Path bad = Files.createDirectories(archive.resolve("other"));
        byte[] film = Files.readAllBytes(real.resolve("CR-MONO1-10-chest_explicitLE.dcm"));
        Files.write(bad.resolve("cut.dcm"), Arrays.copyOf(film, film.length / 2));
        Files.write(bad.resolve("empty.dcm"), new byte[0]);
        Files.writeString(bad.resolve("notes.txt"), "not an image");
        TestDicom.withCodeString(real.resolve("CR-MONO1-10-chest_explicitLE.dcm"),
                com.pixelmed.dicom.TagFromName.BodyPartExamined, "HAND", bad.resolve("hand.dcm"));
        java.awt.image.BufferedImage chest = javax.imageio.ImageIO.read(cxr.resolve(test.get(0)).toFile());
        javax.imageio.ImageIO.write(turned(chest), "png", bad.resolve("turned.png").toFile());
        return archive;
    }

    private static java.awt.image.BufferedImage turned(java.awt.image.BufferedImage image) {
        java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(image.getHeight(), image.getWidth(),
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                out.setRGB(image.getHeight() - 1 - y, x, image.getRGB(x, y));
            }
        }
        return out;
    }
}
