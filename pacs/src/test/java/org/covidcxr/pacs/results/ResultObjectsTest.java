package org.covidcxr.pacs.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.ContentItem;
import com.pixelmed.dicom.ContentItemFactory;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.StructuredReport;
import com.pixelmed.dicom.TagFromName;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.covidcxr.dicom.DisplayImage;
import org.covidcxr.dicom.DisplayPipeline;
import org.covidcxr.dicom.DisplaySettings;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.dicom.XrayImageReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultObjectsTest {
    private static final Path SHARED = Path.of(System.getProperty("covidcxr.shared.data", "../shared/data"));
    private static final String VERDICT = "COVID-19 suspected";
    private static final AiResult RESULT = new AiResult("1.1.1", Optional.of("sha256:0123456789abcdef"),
            probabilities(0.873, 0.052, 0.075), 0.5, OptionalDouble.of(0.7), VERDICT,
            Instant.parse("2024-05-06T10:15:30Z"));

    @TempDir
    Path out;

    @Test
    void writesAnImageAndAReportInTheSourceStudyThatReferenceTheSource() throws Exception {
        Path sourceFile = shared("dicom/real/CR-MONO1-10-chest.dcm");
        AttributeList source = read(sourceFile);
        BufferedImage picture = overlaid(sourceFile);

        ResultFiles files = ResultObjects.write(sourceFile, picture, RESULT, out);

        try (Stream<Path> written = Files.list(out)) {
            assertThat(written).as("both files and no temporary leftovers")
                    .containsExactlyInAnyOrder(files.secondaryCapture(), files.structuredReport());
        }
        AttributeList sc = read(files.secondaryCapture());
        AttributeList sr = read(files.structuredReport());
        for (AttributeList result : List.of(sc, sr)) {
            for (AttributeTag tag : List.of(TagFromName.StudyInstanceUID, TagFromName.PatientID,
                    TagFromName.PatientName, TagFromName.AccessionNumber)) {
                assertThat(text(result, tag)).as(tag.toString()).isEqualTo(text(source, tag));
            }
        }
        assertThat(List.of(text(sc, TagFromName.SeriesInstanceUID), text(sr, TagFromName.SeriesInstanceUID),
                text(source, TagFromName.SeriesInstanceUID))).doesNotHaveDuplicates();

        assertSecondaryCapture(sc, source, picture);
        assertReport(sr, source, sc);
        for (Path file : List.of(files.secondaryCapture(), files.structuredReport())) {
            assertValid(file);
            assertDcmdumpReads(file);
        }
    }

    @Test
    void reEncodesTheSourcesPatientNameInUtf8() throws Exception {
        Path sourceFile = shared("dicom/conformance/files/meta_latin1.dcm");
        AttributeList source = read(sourceFile);
        assumeTrue(text(source, TagFromName.SpecificCharacterSet).equals("ISO_IR 100"), "source is no longer Latin-1");

        ResultFiles files = ResultObjects.write(sourceFile, overlaid(sourceFile), RESULT, out);

        for (Path file : List.of(files.secondaryCapture(), files.structuredReport())) {
            AttributeList result = read(file);
            assertThat(text(result, TagFromName.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
            assertThat(text(result, TagFromName.PatientName)).isEqualTo(text(source, TagFromName.PatientName))
                    .contains("ü");
            assertValid(file);
        }
    }

    @Test
    void refusesAnImageThatDidNotComeAsDicom() throws Exception {
        Path png = shared("dicom/conformance/files/u8.png");

        assertThatThrownBy(() -> ResultObjects.write(png, new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB),
                RESULT, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only be sent back to the PACS for images that came as DICOM");
        try (Stream<Path> written = Files.list(out)) {
            assertThat(written).isEmpty();
        }
    }

    private static void assertSecondaryCapture(AttributeList sc, AttributeList source, BufferedImage picture)
            throws Exception {
        assertThat(text(sc, TagFromName.SOPClassUID)).isEqualTo(SOPClass.SecondaryCaptureImageStorage);
        assertThat(text(sc, TagFromName.Modality)).isEqualTo("OT");
        assertThat(text(sc, TagFromName.BurnedInAnnotation)).isEqualTo("YES");
        assertThat(text(sc, TagFromName.PhotometricInterpretation)).isEqualTo("RGB");
        assertThat(number(sc, TagFromName.SamplesPerPixel)).isEqualTo(3);
        assertThat(number(sc, TagFromName.BitsAllocated)).isEqualTo(8);
        assertThat(number(sc, TagFromName.BitsStored)).isEqualTo(8);
        assertThat(text(sc, TagFromName.SeriesDescription)).contains("1.1.1");
        AttributeList reference = SequenceAttribute.getAttributeListFromWithinSequenceWithSingleItem(sc,
                TagFromName.SourceImageSequence);
        assertThat(text(reference, TagFromName.ReferencedSOPInstanceUID))
                .isEqualTo(text(source, TagFromName.SOPInstanceUID));
        assertThat(text(reference, TagFromName.ReferencedSOPClassUID))
                .isEqualTo(text(source, TagFromName.SOPClassUID));

        BufferedImage image = rgb(sc);
        int banner = image.getHeight() - picture.getHeight();
        assertThat(image.getWidth()).isEqualTo(picture.getWidth());
        assertThat(banner).as("banner height").isPositive();
        assertThat(region(image, banner, picture.getHeight())).as("the picture below the banner, unchanged")
                .isEqualTo(region(picture, 0, picture.getHeight()));
        assertThat(region(image, 0, banner)).as("the banner over the picture's top rows")
                .isNotEqualTo(region(picture, 0, banner));
        assertThat(colours(image, banner)).as("background and burned-in text").hasSizeGreaterThan(2);
    }

    private static void assertReport(AttributeList sr, AttributeList source, AttributeList sc) throws Exception {
        assertThat(text(sr, TagFromName.SOPClassUID)).isEqualTo(SOPClass.ComprehensiveSRStorage);
        assertThat(text(sr, TagFromName.Modality)).isEqualTo("SR");
        assertThat(text(sr, TagFromName.VerificationFlag)).isEqualTo("UNVERIFIED");

        ContentItem root = (ContentItem) new StructuredReport(sr).getRoot();
        assertThat(root.getConceptNameCodeMeaning()).isEqualTo("AI decision support result");
        assertThat(textOf(root, "DISCLAIMER")).isEqualTo("AI decision support — not a diagnosis");
        assertThat(textOf(root, "VERDICT")).isEqualTo(VERDICT);
        assertThat(root.getSingleStringValueOrNullOfNamedChild("DCM", "111003").trim()).isEqualTo("1.1.1");
        assertThat(textOf(root, "MODEL-CHECKSUM")).isEqualTo("sha256:0123456789abcdef");
        assertThat(percentOf(root, "P-COVID")).isEqualTo("87.3");
        assertThat(percentOf(root, "P-NORMAL")).isEqualTo("5.2");
        assertThat(percentOf(root, "P-PNEUMONIA")).isEqualTo("7.5");
        assertThat(percentOf(root, "OPERATING-THRESH")).isEqualTo("50");
        assertThat(percentOf(root, "CONFIDENT-THRESH")).isEqualTo("70");
        assertThat(root.getNamedChild(ResultReportWriter.SCHEME, "ANALYSED-IMAGE").getReferencedSOPInstanceUID())
                .isEqualTo(text(source, TagFromName.SOPInstanceUID));

        List<String> evidence = new ArrayList<>();
        for (AttributeList study : items(sr, TagFromName.CurrentRequestedProcedureEvidenceSequence)) {
            assertThat(text(study, TagFromName.StudyInstanceUID)).isEqualTo(text(source, TagFromName.StudyInstanceUID));
            for (AttributeList series : items(study, TagFromName.ReferencedSeriesSequence)) {
                for (AttributeList sop : items(series, TagFromName.ReferencedSOPSequence)) {
                    evidence.add(text(sop, TagFromName.ReferencedSOPInstanceUID));
                }
            }
        }
        assertThat(evidence).containsExactlyInAnyOrder(text(source, TagFromName.SOPInstanceUID),
                text(sc, TagFromName.SOPInstanceUID));
    }

    /** dicom3tools' IOD validator: errors fail the test, warnings are printed. */
    private static void assertValid(Path file) throws Exception {
        Path dciodvfy = Path.of("/usr/bin/dciodvfy");
        assumeTrue(Files.isExecutable(dciodvfy), "dciodvfy (dicom3tools) is not installed at " + dciodvfy);
        // dciodvfy exits non-zero for errors and warnings alike; its report is what counts.
        String output = run(false, dciodvfy.toString(), file.toString());
        System.out.println("dciodvfy " + file.getFileName() + ":\n" + output);
        assertThat(output.lines().filter(l -> l.startsWith("Error"))).as(output).isEmpty();
    }

    private static void assertDcmdumpReads(Path file) throws Exception {
        Path dcmdump = Path.of("/usr/bin/dcmdump");
        assumeTrue(Files.isExecutable(dcmdump), "dcmdump (dcmtk) is not installed at " + dcmdump);
        String output = run(true, dcmdump.toString(), file.toString());
        assertThat(output).contains("(0020,000d)").doesNotContain("E: ");
    }

    private static String run(boolean mustSucceed, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(command[0] + " finished").isTrue();
        if (mustSucceed) {
            assertThat(p.exitValue()).as(command[0] + " exit status; output:\n" + output).isZero();
        }
        return output;
    }

    /** The source's display image with a red blob blended in, standing in for the Grad-CAM overlay. */
    private static BufferedImage overlaid(Path file) throws Exception {
        XrayImage xray = XrayImageReader.read(file);
        DisplayImage display = DisplayPipeline.render(xray, DisplaySettings.fileDefault(xray));
        BufferedImage picture = new BufferedImage(display.width(), display.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < display.height(); y++) {
            for (int x = 0; x < display.width(); x++) {
                int gray = display.level(x, y);
                double d = Math.hypot(x - display.width() / 3.0, y - display.height() / 2.0);
                int red = d < display.width() / 6.0 ? Math.min(255, gray / 2 + 128) : gray;
                picture.setRGB(x, y, red << 16 | gray << 8 | gray);
            }
        }
        return picture;
    }

    private static BufferedImage rgb(AttributeList sc) throws Exception {
        int w = number(sc, TagFromName.Columns);
        int h = number(sc, TagFromName.Rows);
        byte[] bytes = sc.get(TagFromName.PixelData).getByteValues();
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < w * h; i++) {
            image.setRGB(i % w, i / w, (bytes[3 * i] & 0xFF) << 16 | (bytes[3 * i + 1] & 0xFF) << 8
                    | (bytes[3 * i + 2] & 0xFF));
        }
        return image;
    }

    private static List<Integer> region(BufferedImage image, int top, int rows) {
        List<Integer> pixels = new ArrayList<>();
        for (int y = top; y < top + rows; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                pixels.add(image.getRGB(x, y));
            }
        }
        return pixels;
    }

    private static List<Integer> colours(BufferedImage image, int rows) {
        return region(image, 0, rows).stream().distinct().toList();
    }

    private static String textOf(ContentItem root, String code) {
        // Text values are padded to an even length.
        return root.getSingleStringValueOrNullOfNamedChild(ResultReportWriter.SCHEME, code).trim();
    }

    private static String percentOf(ContentItem root, String code) {
        ContentItemFactory.NumericContentItem num = (ContentItemFactory.NumericContentItem)
                root.getNamedChild(ResultReportWriter.SCHEME, code);
        assertThat(num.getUnits().getCodeValue()).isEqualTo("%");
        return num.getNumericValue();
    }

    private static List<AttributeList> items(AttributeList list, AttributeTag tag) {
        List<AttributeList> items = new ArrayList<>();
        for (Iterator<SequenceItem> i = ((SequenceAttribute) list.get(tag)).iterator(); i.hasNext(); ) {
            items.add(i.next().getAttributeList());
        }
        return items;
    }

    private static Map<String, Double> probabilities(double covid, double normal, double pneumonia) {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("covid", covid);
        p.put("normal", normal);
        p.put("pneumonia", pneumonia);
        return p;
    }

    private static Path shared(String relative) {
        Path file = SHARED.resolve(relative);
        assumeTrue(Files.isRegularFile(file), "shared data missing at " + file.toAbsolutePath()
                + " (set -Dcovidcxr.shared.data)");
        return file;
    }

    private static AttributeList read(Path file) throws IOException, com.pixelmed.dicom.DicomException {
        AttributeList list = new AttributeList();
        list.read(new File(file.toString()));
        return list;
    }

    private static String text(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag);
    }

    private static int number(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleIntegerValueOrDefault(list, tag, -1);
    }
}
