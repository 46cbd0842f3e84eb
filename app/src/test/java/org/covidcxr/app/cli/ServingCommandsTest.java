package org.covidcxr.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.covidcxr.app.home.AppHome;
import org.covidcxr.dicom.EncapsulatedPixelData;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.Preprocessor;
import org.covidcxr.inference.evaluation.EvaluationReport;
import org.covidcxr.inference.network.Architecture;
import org.covidcxr.inference.training.SavedModelExporter;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelCard;
import org.covidcxr.modelstore.ModelCards;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code predict} and {@code evaluate} end to end on a tiny exported model, real TensorFlow through DJL. */
class ServingCommandsTest {
    private static final int INPUT = 64;

    @TempDir
    static Path temp;
    static Path bundle;
    static Path data;

    @BeforeAll
    static void tinyBundleAndData() throws IOException {
        bundle = temp.resolve("bundle");
        SavedModelExporter.export(Architecture.byName("resnet", 4), INPUT, 1.5f,
                new SavedModelExporter.Weights.Random(3), bundle.resolve(ModelBundle.SAVED_MODEL_DIR));
        ModelCards.write(new ModelCard("0.0.1-test", "resnet-w4", ModelSignature.CLASSES,
                new ModelCard.InputSpec(INPUT, INPUT, 1, ModelCard.InputSpec.DEFAULT_TENSOR_NAME,
                        ModelCard.InputSpec.DEFAULT_DTYPE),
                new ModelCard.Preprocessing(new Preprocessor(INPUT).description(), Map.of()), 0.3, 1.5, null,
                Map.of(), ModelCard.DEFAULT_INTENDED_USE, List.of(), null, Instant.EPOCH, "test", ""),
                bundle.resolve(ModelBundle.CARD_FILE));
        ModelBundles.seal(bundle);

        data = temp.resolve("data");
        Files.createDirectories(data);
        StringBuilder csv = new StringBuilder("file,label,patient_id,source,split\n");
        for (int i = 0; i < 12; i++) {
            String name = "img" + i + ".png";
            writePng(data.resolve(name), 130 + 7 * i, 128 + 5 * i, i);
            csv.append(name).append(',').append(ModelSignature.CLASSES.get(i % 3)).append(",p").append(i / 2)
                    .append(',').append(i % 2 == 0 ? "a" : "b").append(",test\n");
        }
        Files.writeString(data.resolve("manifest.csv"), csv);
    }

    private static void writePng(Path file, int w, int h, int seed) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.getRaster().setSample(x, y, 0, (x * (seed + 1) + y * 3) % 256);
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void predictPrintsProbabilitiesAndDecisionAndWritesOneOverlayPerImage() throws IOException {
        Path cam = temp.resolve("cams/out.png");
        Run r = run(new PredictCommand(), data.resolve("img1.png").toString(), data.resolve("img4.png").toString(),
                "--model", bundle.toString(), "--cam", cam.toString(), "--cam-class", "covid");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("img1.png  (model 0.0.1-test)", "covid", "normal", "pneumonia", "predicted:",
                "decision:", "threshold 0.300", "heat map:  covid");
        BufferedImage first = ImageIO.read(temp.resolve("cams/out-img1.png").toFile());
        BufferedImage second = ImageIO.read(temp.resolve("cams/out-img4.png").toFile());
        // The overlay has the original image's geometry (137 x 133 and 158 x 148).
        assertThat(first.getWidth()).isEqualTo(137);
        assertThat(first.getHeight()).isEqualTo(133);
        assertThat(second.getWidth()).isEqualTo(158);
        assertThat(second.getHeight()).isEqualTo(148);
    }

    @Test
    void predictReadsARealDicomRadiographAndDrawsTheMapOverItsDisplayRendering() throws IOException {
        Path cam = temp.resolve("dicom-cam.png");

        Run r = predictWithMap(realDicom("CR-MONO1-10-chest_explicitLE.dcm"), cam);

        assertThat(r.out()).contains("CR-MONO1-10-chest_explicitLE.dcm  (model 0.0.1-test)", "decision:");
        BufferedImage overlay = ImageIO.read(cam.toFile());
        assertThat(overlay.getWidth()).isEqualTo(440);
        assertThat(overlay.getHeight()).isEqualTo(440);
    }

    @Test
    void aLargeJpeg2000IsAnalysedAtItsReducedLevelAndItsMapDrawnOverTheFullImage() throws IOException {
        Path cam = temp.resolve("j2k-cam.png");

        predictWithMap(realDicom("RG1_J2KI.dcm"), cam);

        BufferedImage overlay = ImageIO.read(cam.toFile());
        assertThat(overlay.getWidth()).as("the 921 x 978 level's map over the 1841 x 1955 image").isEqualTo(1841);
        assertThat(overlay.getHeight()).isEqualTo(1955);
    }

    /** A real radiograph of the shared data; the test is skipped, saying why, without it. */
    private static Path realDicom(String name) {
        Path file = Path.of(System.getProperty("covidcxr.shared.data", "../shared/data")).resolve("dicom/real")
                .resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(file), "shared data missing at " + file
                + " (set -Dcovidcxr.shared.data)");
        return file;
    }

    /** {@code predict --cam}, which must succeed. */
    private Run predictWithMap(Path image, Path cam) {
        Run r = run(new PredictCommand(), image.toString(), "--model", bundle.toString(), "--cam", cam.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    @Test
    void predictSkipsImagesTheModelWasNotMadeForUnlessAskedAndAuditsEveryAnalysis() throws Exception {
        Path shared = Path.of(System.getProperty("covidcxr.shared.data", "../shared/data"));
        Path real = shared.resolve("dicom/real/CR-MONO1-10-chest_explicitLE.dcm");
        Assumptions.assumeTrue(Files.isRegularFile(real), "shared data missing at " + real);
        Path hand = org.covidcxr.inference.TestDicom.withCodeString(real,
                com.pixelmed.dicom.TagFromName.BodyPartExamined, "HAND", temp.resolve("hand.dcm"));
        Path log = org.covidcxr.app.home.AppHome.fromEnvironment().auditLog();
        long before = Files.exists(log) ? Files.readAllLines(log).size() : 0;

        Run skipped = run(new PredictCommand(), hand.toString(), data.resolve("img2.png").toString(), "--model",
                bundle.toString());
        assertThat(skipped.exit()).isEqualTo(1);
        assertThat(skipped.err()).contains("hand.dcm: not analysed: Body part HAND is not the chest.", "--anyway");
        assertThat(skipped.out()).contains("img2.png").doesNotContain("hand.dcm");

        Run anyway = run(new PredictCommand(), hand.toString(), "--anyway", "--model", bundle.toString());
        assertThat(anyway.exit()).as(anyway.err()).isZero();
        assertThat(anyway.out()).contains("hand.dcm  (model 0.0.1-test)", "caution:   Body part HAND");

        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize((int) before + 2);
        assertThat(lines.get(lines.size() - 1)).contains("\"type\":\"analysis\"", "0.0.1-test");
    }

    @Test
    void predictRefusesToWriteTheHeatMapOverAFolderAndHelpWorks() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("cams-folder"));
        Run r = run(new PredictCommand(), data.resolve("img2.png").toString(), "--model", bundle.toString(),
                "--cam", folder.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("is a folder");
        assertThat(folder).isDirectory();

        Run help = run(new PredictCommand(), "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--model-version", "--store", "--anyway");
        assertThat(run(new EvaluateCommand(), "--help").exit()).isZero();
    }

    @Test
    void predictNeverOverwritesAnInputOrOneHeatMapWithAnother() throws IOException {
        Path a = Files.createDirectories(temp.resolve("patientA")).resolve("x.png");
        Path b = Files.createDirectories(temp.resolve("patientB")).resolve("x.png");
        Files.copy(data.resolve("img1.png"), a);
        Files.copy(data.resolve("img4.png"), b);
        byte[] original = Files.readAllBytes(a);

        Run overwrite = run(new PredictCommand(), a.toString(), "--model", bundle.toString(), "--cam", a.toString());
        assertThat(overwrite.exit()).isEqualTo(2);
        assertThat(overwrite.err()).contains("would overwrite the input image");
        assertThat(Files.readAllBytes(a)).isEqualTo(original);

        Path cam = temp.resolve("same-name/c.png");
        Run both = run(new PredictCommand(), a.toString(), b.toString(), "--model", bundle.toString(), "--cam",
                cam.toString());
        assertThat(both.exit()).as(both.err()).isZero();
        assertThat(both.out()).contains(a + "  (model", b + "  (model");
        assertThat(ImageIO.read(cam.resolveSibling("c-1-x.png").toFile()).getWidth()).isEqualTo(137);
        assertThat(ImageIO.read(cam.resolveSibling("c-2-x.png").toFile()).getWidth()).isEqualTo(158);
    }

    @Test
    void predictSkipsBlankTinyOrStripShapedImages() throws IOException {
        Path blank = temp.resolve("blank.png");
        ImageIO.write(new BufferedImage(300, 300, BufferedImage.TYPE_BYTE_GRAY), "png", blank.toFile());
        Path tiny = temp.resolve("tiny.png");
        writePng(tiny, 40, 30, 1);
        Path strip = temp.resolve("strip.png");
        writePng(strip, 2000, 200, 2);

        Run r = run(new PredictCommand(), blank.toString(), tiny.toString(), strip.toString(), "--model",
                bundle.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("blank.png: not analysed: The image is blank",
                "tiny.png: not analysed: The image is only 40 x 30 pixels", "strip.png: not analysed: The image is "
                        + "2000 x 200 pixels, far too elongated");
    }

    @Test
    void predictNamesUnreadableFilesAndMissingModels() throws IOException {
        Path bogus = Files.writeString(temp.resolve("notes.png"), "not an image");
        Run r = run(new PredictCommand(), bogus.toString(), data.resolve("img2.png").toString(), "--model",
                bundle.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("notes.png");
        assertThat(r.out()).contains("img2.png");

        Run missing = run(new PredictCommand(), data.resolve("img2.png").toString(), "--model",
                temp.resolve("nowhere").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nowhere");
    }

    @Test
    void damagedImagesAreNamedAndNeverScoredAndTheGoodImagesAfterThemGetTheirResults() throws IOException {
        Path j2k = Path.of(System.getProperty("covidcxr.shared.data", "../shared/data"))
                .resolve("dicom/conformance/files/j2k_ll.dcm");
        Assumptions.assumeTrue(Files.isRegularFile(j2k), "shared data missing at " + j2k
                + " (set -Dcovidcxr.shared.data)");
        Path damaged = temp.resolve("damaged");
        Files.createDirectories(damaged);
        // A JPEG 2000 stream that ends early inside a consistent DICOM file: its decoder threw ThreadDeath, which
        // ended the whole run. A JPEG cut short: its decoder only warned, and the grey-filled rest was scored.
        Files.write(damaged.resolve("cut-j2k.dcm"),
                EncapsulatedPixelData.shortenFirstFragment(Files.readAllBytes(j2k), 0.5));
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(ImageIO.read(data.resolve("img3.png").toFile()), "jpeg", jpeg);
        Files.write(damaged.resolve("cut.jpg"), Arrays.copyOf(jpeg.toByteArray(), jpeg.size() * 7 / 10));
        Files.copy(data.resolve("img0.png"), damaged.resolve("img0.png"));
        Files.copy(data.resolve("img1.png"), damaged.resolve("img1.png"));

        Run predict = run(new PredictCommand(), damaged.resolve("cut-j2k.dcm").toString(),
                damaged.resolve("img0.png").toString(), damaged.resolve("cut.jpg").toString(),
                damaged.resolve("img1.png").toString(), "--model", bundle.toString());

        assertThat(predict.exit()).as(predict.err()).isEqualTo(1);
        assertThat(predict.err()).contains("cut-j2k.dcm", "cut.jpg", "cut off during transfer");
        assertThat(predict.out()).contains("img0.png  (model 0.0.1-test)", "img1.png  (model 0.0.1-test)")
                .doesNotContain("cut-j2k.dcm  (model", "cut.jpg  (model");

        Files.writeString(damaged.resolve("manifest.csv"), "file,label,patient_id,split\n"
                + "cut-j2k.dcm,covid,p0,test\nimg0.png,covid,p1,test\ncut.jpg,normal,p2,test\n"
                + "img1.png,normal,p3,test\n");
        Run evaluate = run(new EvaluateCommand(), "--model", bundle.toString(), "--data", damaged.toString(),
                "--out", temp.resolve("damaged-report").toString());
        assertThat(evaluate.exit()).as(evaluate.out() + evaluate.err()).isEqualTo(1);
        assertThat(evaluate.err()).contains("Skipped: cut-j2k.dcm", "Skipped: cut.jpg");
        assertThat(temp.resolve("damaged-report").resolve(EvaluationReport.JSON_FILE)).isRegularFile();
    }

    @Test
    void predictOnAFreshStoreRecordsTheSeedingAndActivationOfTheShippedModelInTheAuditLog() throws IOException {
        Path audit = AppHome.fromEnvironment().auditLog();
        int before = Files.exists(audit) ? Files.readAllLines(audit).size() : 0;

        Run r = run(new PredictCommand(), data.resolve("img2.png").toString(), "--store",
                temp.resolve("fresh-store").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> added = Files.readAllLines(audit).subList(before, Files.readAllLines(audit).size());
        assertThat(added)
                .anyMatch(l -> l.contains("\"action\":\"seeded\"")
                        && l.matches(".*\"modelChecksum\":\"[0-9a-f]{64}\".*"))
                .anyMatch(l -> l.contains("\"action\":\"activated\"") && l.contains("\"outcome\":\"done\""));
    }

    @Test
    void evaluateWritesTheJsonMarkdownAndPngReport() throws IOException {
        Path out = temp.resolve("report");
        Run r = run(new EvaluateCommand(), "--model", bundle.toString(), "--data", data.toString(), "--split",
                "test", "--out", out.toString(), "--batch", "5");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("12 'test' images", "12 / 12 images", "macro F1", "ECE");
        assertThat(out.resolve(EvaluationReport.JSON_FILE)).isRegularFile();
        assertThat(Files.readString(out.resolve(EvaluationReport.JSON_FILE))).contains("0.0.1-test");
        assertThat(out.resolve(EvaluationReport.MARKDOWN_FILE)).isRegularFile();
        try (var files = Files.list(out)) {
            assertThat(files.filter(f -> f.toString().endsWith(".png")).count()).isPositive();
        }

        Path withBroken = temp.resolve("with-broken");
        Files.createDirectories(withBroken);
        Files.writeString(withBroken.resolve("broken.png"), "not an image");
        Files.copy(data.resolve("img0.png"), withBroken.resolve("img0.png"));
        Files.copy(data.resolve("img1.png"), withBroken.resolve("img1.png"));
        Files.writeString(withBroken.resolve("manifest.csv"), "file,label,patient_id,split\n"
                + "img0.png,covid,p0,test\nbroken.png,normal,p1,test\nimg1.png,normal,p2,test\n");
        Run partial = run(new EvaluateCommand(), "--model", bundle.toString(), "--data", withBroken.toString(),
                "--out", temp.resolve("partial").toString());
        assertThat(partial.exit()).as(partial.out() + partial.err()).isEqualTo(1);
        assertThat(partial.err()).contains("Skipped: broken.png", "1 image(s) could not be read");
        assertThat(temp.resolve("partial").resolve(EvaluationReport.JSON_FILE)).isRegularFile();

        Run empty = run(new EvaluateCommand(), "--model", bundle.toString(), "--data", data.toString(), "--split",
                "val");
        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("No labelled images of split 'val'");
    }
}
