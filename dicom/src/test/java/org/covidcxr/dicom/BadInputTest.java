package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance item 4: a corpus of broken files, generated here, plus truncations of every conformance file. Each must
 * end in exactly one {@link ImageReadException} naming the file (or, for a cut that only loses trailing bytes after
 * the image, a normal image) and never in any other exception, an Error or a hang.
 */
class BadInputTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void generatedCorpusRaisesOnlyTheTypedExceptionWithTheRightProblem() throws Exception {
        Path base = SharedData.dir("dicom/conformance").resolve("files/base.dcm");
        byte[] dicom = Files.readAllBytes(base);
        Map<String, ImageReadException.Problem> expected = new TreeMap<>();

        expected.put(write("empty.dcm", new byte[0]), ImageReadException.Problem.EMPTY);
        Random random = new Random(42);
        for (int size : new int[] {1, 131, 132, 4096, 100_000}) {
            byte[] noise = new byte[size];
            random.nextBytes(noise);
            expected.put(write("random-" + size + ".dcm", noise), ImageReadException.Problem.NOT_AN_IMAGE);
        }
        expected.put(write("report.pdf.dcm", "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
                .getBytes(StandardCharsets.US_ASCII)), ImageReadException.Problem.NOT_AN_IMAGE);
        expected.put(write("notes.txt.dcm", "Patient doing well, CXR attached separately.\n"
                .getBytes(StandardCharsets.UTF_8)), ImageReadException.Problem.NOT_AN_IMAGE);
        expected.put(structuredReport("report-sr.dcm"), ImageReadException.Problem.NO_PIXEL_DATA);

        int pixelData = indexOf(dicom, new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W'});
        expected.put(write("pixel-length-huge.dcm", patch32(dicom, pixelData + 8, 0xFFFFFFF0L)),
                ImageReadException.Problem.CORRUPT);
        expected.put(write("pixel-length-short.dcm", patch32(dicom, pixelData + 8, 1000)),
                ImageReadException.Problem.CORRUPT);
        int patientName = indexOf(dicom, new byte[] {0x10, 0x00, 0x10, 0x00, 'P', 'N'});
        expected.put(write("name-length-wrong.dcm", patch16(dicom, patientName + 6, 0xFFF0)),
                ImageReadException.Problem.CORRUPT);
        expected.put(write("absurd-size.dcm", patch16(patch16(dicom, rowsValue(dicom), 65535),
                rowsValue(dicom) + 10, 65535)), ImageReadException.Problem.TOO_LARGE);
        expected.put(write("unknown-syntax.dcm", replace(dicom, "1.2.840.10008.1.2.1\0", "1.2.840.10008.9.9.9\0")),
                ImageReadException.Problem.UNSUPPORTED_COMPRESSION);
        expected.put(write("bits-stored-zero.dcm", patch16(dicom, indexOf(dicom,
                new byte[] {0x28, 0x00, 0x01, 0x01, 'U', 'S'}) + 8, 0)), ImageReadException.Problem.CORRUPT);
        expected.put(nestedLengthWrong(base, "nested-length-wrong.dcm"), ImageReadException.Problem.CORRUPT);
        expected.put(write("huge.png", hugePng()), ImageReadException.Problem.TOO_LARGE);
        byte[] png = smallPng();
        expected.put(write("truncated.png", java.util.Arrays.copyOf(png, png.length / 2)),
                ImageReadException.Problem.CORRUPT);

        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, ImageReadException.Problem> e : expected.entrySet()) {
            Path file = dir.resolve(e.getKey());
            ImageReadException error = readExpectingError(file);
            if (error == null) {
                wrong.add(e.getKey() + ": decoded");
            } else if (error.problem() != e.getValue()) {
                wrong.add(e.getKey() + ": " + error.problem() + " instead of " + e.getValue() + " - " + error.getMessage());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    @Timeout(120)
    void truncationsOfEveryConformanceFileRaiseOnlyTheTypedException() throws Exception {
        Path truncated = dir.resolve("cut.dcm");
        List<String> decoded = new ArrayList<>();
        Map<ImageReadException.Problem, Integer> problems = new TreeMap<>();
        for (ConformanceManifest.Entry entry : ConformanceManifest.load().entries()) {
            byte[] bytes = Files.readAllBytes(entry.path());
            for (long cut : cuts(bytes.length)) {
                Files.write(truncated, java.util.Arrays.copyOf(bytes, (int) cut));
                ImageReadException error = readExpectingError(truncated);
                if (error == null) {
                    decoded.add(entry.name() + " cut at " + cut + " of " + bytes.length);
                } else {
                    problems.merge(error.problem(), 1, Integer::sum);
                }
            }
        }
        System.out.println("Truncated conformance files by reported problem: " + problems);
        // Pixel Data is the last element of every conformance file, so every cut loses image data.
        assertThat(decoded).as("truncated files that decoded anyway").isEmpty();
        // A cut DICOM file is reported as truncated or damaged (or refused for its compression, which is checked
        // first), never as "not an image" or "no image".
        assertThat(problems.keySet()).isSubsetOf(ImageReadException.Problem.TRUNCATED,
                ImageReadException.Problem.CORRUPT, ImageReadException.Problem.UNSUPPORTED_COMPRESSION);
    }

    @Test
    void anUncompressedFileCutInItsImageDataIsReportedAsCutOffNotAsSelfContradictoryDamage() throws Exception {
        byte[] bytes = Files.readAllBytes(SharedData.dir("dicom/conformance").resolve("files/base.dcm"));
        Path cut = dir.resolve(write("cut.dcm", java.util.Arrays.copyOf(bytes, bytes.length / 2)));

        ImageReadException error = readExpectingError(cut);

        assertThat(error).isNotNull();
        assertThat(error.problem()).isEqualTo(ImageReadException.Problem.TRUNCATED);
        assertThat(error.getMessage()).contains("ends in the middle of the image data", "sent again");
    }

    @Test
    @Timeout(60)
    void damagedJpegLsCodeStreamsEndInTheDecodersOwnProblemNeverAnotherException() throws Exception {
        List<String> unexpected = new ArrayList<>();
        Map<ImageReadException.Problem, Integer> problems = new TreeMap<>();
        Random random = new Random(7);
        for (String name : List.of("jls_ll", "jls_nl", "u8_jls", "u16_jls_nl")) {
            byte[] dicom = Files.readAllBytes(SharedData.dir("dicom/conformance").resolve("files/" + name + ".dcm"));
            int scan = indexOf(dicom, new byte[] {(byte) 0xFF, (byte) 0xDA});
            assertThat(scan).as(name + " start of scan").isPositive();
            for (int variant = 0; variant < 40; variant++) {
                byte[] damaged = dicom.clone();
                // Header bytes (frame, presets, scan) and entropy-coded bytes alike.
                int from = variant % 4 == 0 ? scan - 40 : scan + 12;
                for (int k = 0; k < 1 + variant % 3; k++) {
                    damaged[from + random.nextInt(damaged.length - 4 - from)] = (byte) random.nextInt(256);
                }
                Path file = Files.write(dir.resolve(name + "-" + variant + ".dcm"), damaged);
                try {
                    DicomImageReader.read(file, damaged.length, XrayImageReader.MAX_DECODED_BYTES);
                } catch (IntakeProblem p) {
                    problems.merge(p.problem(), 1, Integer::sum);
                } catch (RuntimeException | Error e) {
                    unexpected.add(file.getFileName() + ": " + e);
                }
            }
        }
        System.out.println("Damaged JPEG-LS code streams by reported problem (the rest decoded): " + problems);
        // JPEG-LS carries no checksum, so some damage decodes to wrong values; none may escape as another exception.
        assertThat(unexpected).isEmpty();
        assertThat(problems).isNotEmpty();
    }

    @Test
    void deflatedDataSetInflatingBeyondTheLimitIsRefused() throws Exception {
        Path deflated = SharedData.dir("dicom/conformance").resolve("files/ts_deflated.dcm");
        long size = Files.size(deflated);
        // The file inflates to about 640 KiB; with a 100 kB limit it stands in for a decompression bomb.
        assertThatThrownBy(() -> DicomHeader.openComplete(deflated, size, 100_000))
                .isInstanceOfSatisfying(IntakeProblem.class,
                        p -> assertThat(p.problem()).isEqualTo(ImageReadException.Problem.TOO_LARGE));
        assertThatThrownBy(() -> DicomImageReader.read(deflated, size, 100_000))
                .isInstanceOfSatisfying(IntakeProblem.class,
                        p -> assertThat(p.problem()).isEqualTo(ImageReadException.Problem.TOO_LARGE));
    }

    /** Offsets through preamble, meta header, data set and pixel data, and just before the end. */
    private static List<Long> cuts(int size) {
        List<Long> cuts = new ArrayList<>(List.of(1L, 64L, 128L, 131L, 132L, 140L, 200L, 300L, 500L, 800L, 1000L));
        for (int k = 1; k <= 8; k++) {
            cuts.add((long) size * k / 9);
        }
        cuts.add((long) size - 2);
        cuts.removeIf(c -> c >= size);
        return cuts;
    }

    /** Returns the typed exception, or null when the file decoded; fails the test on anything else. */
    private static ImageReadException readExpectingError(Path file) {
        try {
            XrayImageReader.read(file);
            return null;
        } catch (ImageReadException e) {
            assertThat(e.getMessage()).as("message names the file").startsWith(file.getFileName() + ": ");
            assertThat(e.file()).isEqualTo(file);
            return e;
        } catch (Throwable t) {
            fail(file.getFileName() + " raised " + t + " instead of ImageReadException", t);
            return null;
        }
    }

    private String write(String name, byte[] bytes) throws Exception {
        Files.write(dir.resolve(name), bytes);
        return name;
    }

    /** A sequence item holding an OB value that claims 2 GiB: PixelMed alone would allocate it before failing. */
    private String nestedLengthWrong(Path base, String name) throws Exception {
        AttributeList list = new AttributeList();
        list.read(base.toFile());
        AttributeList item = new AttributeList();
        OtherByteAttribute document = new OtherByteAttribute(new AttributeTag(0x0042, 0x0011));
        document.setValues(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        item.put(document);
        SequenceAttribute sequence = new SequenceAttribute(new AttributeTag(0x0040, 0x0275));
        sequence.addItem(item);
        list.put(sequence);
        Path file = dir.resolve(name);
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        byte[] bytes = Files.readAllBytes(file);
        int length = indexOf(bytes, new byte[] {0x42, 0x00, 0x11, 0x00, 'O', 'B'}) + 8;
        Files.write(file, patch32(bytes, length, 0x7FFFFFF0L));
        return name;
    }

    private String structuredReport(String name) throws Exception {
        AttributeList list = new AttributeList();
        list.putNewAttribute(TagFromName.SOPClassUID).addValue("1.2.840.10008.5.1.4.1.1.88.11");
        list.putNewAttribute(TagFromName.SOPInstanceUID).addValue("1.2.826.0.1.3680043.10.999.77");
        list.putNewAttribute(TagFromName.Modality).addValue("SR");
        list.putNewAttribute(TagFromName.PatientName).addValue("Test^Report");
        list.putNewAttribute(TagFromName.ValueType).addValue("CONTAINER");
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "COVIDCXR");
        list.write(dir.resolve(name).toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        return name;
    }

    private static byte[] smallPng() throws Exception {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A valid small PNG whose IHDR (CRC fixed) claims 60000 × 60000 pixels. */
    private static byte[] hugePng() throws Exception {
        byte[] png = smallPng();
        ByteBuffer b = ByteBuffer.wrap(png).order(ByteOrder.BIG_ENDIAN);
        b.putInt(16, 60_000).putInt(20, 60_000);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        b.putInt(29, (int) crc.getValue());
        return png;
    }

    private static int rowsValue(byte[] dicom) {
        return indexOf(dicom, new byte[] {0x28, 0x00, 0x10, 0x00, 'U', 'S'}) + 8;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        int at = DicomBytes.find(haystack, needle);
        if (at < 0) {
            throw new IllegalArgumentException("pattern not found");
        }
        return at;
    }

    private static byte[] patch16(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        copy[at] = (byte) value;
        copy[at + 1] = (byte) (value >> 8);
        return copy;
    }

    private static byte[] patch32(byte[] bytes, int at, long value) {
        byte[] copy = patch16(bytes, at, (int) (value & 0xFFFF));
        return patch16(copy, at + 2, (int) (value >>> 16));
    }

    private static byte[] replace(byte[] bytes, String from, String to) {
        byte[] copy = bytes.clone();
        byte[] f = from.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(to.getBytes(StandardCharsets.US_ASCII), 0, copy, indexOf(copy, f), f.length);
        return copy;
    }
}
