package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project's sequential DCT JPEG decoder beyond what the conformance files vary: streams written here (restart
 * intervals, fill bytes, 16-bit quantisation, Huffman tables 2 and 3, 16-bit codes, overflowing coefficients, DC values
 * past 16 bits, signed images) decode to exactly what dcmtk and GDCM make of them ({@code scripts/setup.sh} installs
 * both); a cut, structurally damaged or unsupported stream is refused, and no damage raises anything but the
 * decoder's own problem.
 */
class JpegDctDecoderTest {
    private static final int ROWS = 640;
    private static final int COLUMNS = 512;
    private static final PixelModule MODULE = new PixelModule(ROWS, COLUMNS, 1, 16, 12, 11, 0, "MONOCHROME2", 1, 0);

    @TempDir
    Path dir;

    /**
     * A variant: how the stream is written, how large its coefficients are, and whether the header says signed.
     * Overflowing coefficients (beyond what an encoder makes from real samples) are compared with dcmtk only: GDCM's
     * libjpeg does the inverse DCT in 32-bit arithmetic, which wraps there, dcmtk's (and this decoder) in 64-bit.
     */
    record Variant(String name, JpegStreamWriter.Settings settings, int dcLimit, int acLimit, int quantMax,
                   boolean signed) {
        boolean overflowing() {
            return (long) Math.max(dcLimit, acLimit) * quantMax > 1 << 15;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                variant("12-bit", settings(12, 0, false, false, 0), 1000, 100, 16, false),
                variant("12-bit, a restart marker after every block, fill bytes", settings(12, 1, true, false, 0),
                        1000, 100, 16, false),
                variant("12-bit, restart interval 7, Huffman tables 2", settings(12, 7, false, false, 2), 1000, 100,
                        16, false),
                variant("12-bit, restart every block row, 16-bit quantisation, Huffman tables 3",
                        settings(12, COLUMNS / 8, false, true, 3), 30, 30, 1000, false),
                variant("12-bit, coefficients far out of range, DC past 16 bits", settings(12, 0, false, false, 1),
                        60000, 30000, 255, false),
                variant("12-bit, signed", settings(12, 5, false, false, 0), 1000, 100, 16, true),
                variant("8-bit, restart interval 5", settings(8, 5, false, false, 0), 200, 50, 16, false),
                variant("8-bit, coefficients far out of range", settings(8, 0, true, false, 0), 30000, 30000, 255,
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void decodesExactlyAsDcmtkAndGdcm(Variant variant) throws Exception {
        byte[] stream = stream(variant, new Random(variant.name().hashCode()));
        Path file = dicom(variant.name().replaceAll("\\W+", "-"), stream, variant.signed());
        FloatBuffer ours = XrayImageReader.read(file).values();

        List<String> references = new ArrayList<>();
        Path byDcmtk = dir.resolve("dcmtk.dcm");
        if (run("dcmdjpeg", file.toString(), byDcmtk.toString())) {
            references.add("dcmtk");
            assertThat(XrayImageReader.read(byDcmtk).values()).as("dcmtk's decode").isEqualTo(ours);
        }
        Path byGdcm = dir.resolve("gdcm.dcm");
        if (!variant.overflowing() && run("gdcmconv", "--raw", file.toString(), byGdcm.toString())) {
            references.add("GDCM");
            assertThat(XrayImageReader.read(byGdcm).values()).as("GDCM's decode").isEqualTo(ours);
        }
        assumeTrue(!references.isEmpty(), "neither dcmtk's dcmdjpeg nor GDCM's gdcmconv is installed");
    }

    @Test
    void everyCutOfAStreamIsRefused() throws Exception {
        List<String> decoded = new ArrayList<>();
        for (byte[] stream : List.of(conformanceStream("jpeg_ext12"), restartStream())) {
            int end = stream.length - 2; // up to the end marker: without only that, every pixel is still there
            int spread = (end - 1000) / 300;
            for (int cut = 2; cut < end; cut += cut < 1000 ? 1 : spread) { // every header byte, then across the data
                try {
                    JpegDecoder.decode(Arrays.copyOf(stream, cut), MODULE, DicomTransferSyntax.JPEG_EXTENDED);
                    decoded.add("cut at " + cut + " of " + stream.length);
                } catch (IntakeProblem e) {
                    assertThat(e.problem()).isIn(ImageReadException.Problem.TRUNCATED,
                            ImageReadException.Problem.CORRUPT);
                }
            }
        }
        assertThat(decoded).as("cut streams decoded anyway").isEmpty();
    }

    @Test
    void damagedStreamsEndInTheDecodersOwnProblemNeverAnotherException() throws Exception {
        List<String> unexpected = new ArrayList<>();
        Random random = new Random(11);
        int refused = 0;
        for (byte[] stream : List.of(conformanceStream("jpeg_ext12"), restartStream())) {
            int scan = markerAt(stream, 0xDA);
            for (int variant = 0; variant < 150; variant++) {
                byte[] damaged = stream.clone();
                int span = variant % 2 == 0 ? scan + 10 : stream.length; // the tables and headers, or anywhere
                for (int k = 0; k < 1 + variant % 3; k++) {
                    damaged[2 + random.nextInt(span - 2)] = (byte) random.nextInt(256);
                }
                try {
                    JpegDecoder.decode(damaged, MODULE, DicomTransferSyntax.JPEG_EXTENDED);
                } catch (IntakeProblem e) {
                    refused++;
                } catch (RuntimeException | Error e) {
                    unexpected.add("variant " + variant + ": " + e);
                }
            }
        }
        // Lossy JPEG carries no checksum: damage to a coefficient's bits decodes, as in every decoder.
        assertThat(unexpected).isEmpty();
        assertThat(refused).isGreaterThan(150);
    }

    @Test
    void aStreamCutInItsPictureDataIsReportedAsCutOff() throws Exception {
        byte[] stream = conformanceStream("jpeg_ext12");

        IntakeProblem e = catchThrowableOfType(IntakeProblem.class, () -> JpegDecoder.decode(
                Arrays.copyOf(stream, stream.length / 2), MODULE, DicomTransferSyntax.JPEG_EXTENDED));

        assertThat(e.problem()).isEqualTo(ImageReadException.Problem.TRUNCATED);
        assertThat(e.getMessage()).contains("ends before all of its picture data", "sent again");
    }

    @Test
    void aStreamLackingOnlyItsEndMarkerDecodesToTheSameValues() throws Exception {
        byte[] stream = conformanceStream("jpeg_ext12");

        int[] withoutEnd = JpegDecoder.decode(Arrays.copyOf(stream, stream.length - 2), MODULE,
                DicomTransferSyntax.JPEG_EXTENDED);

        assertThat(withoutEnd).isEqualTo(JpegDecoder.decode(stream, MODULE, DicomTransferSyntax.JPEG_EXTENDED));
    }

    @Test
    void restartMarkersOutOfSequenceOrMissingAreRefused() throws Exception {
        byte[] stream = restartStream();
        int second = markerAt(stream, 0xD1);
        byte[] outOfSequence = stream.clone();
        outOfSequence[second + 1] = (byte) 0xD2;
        byte[] missing = new byte[stream.length - 2];
        System.arraycopy(stream, 0, missing, 0, second);
        System.arraycopy(stream, second + 2, missing, second, stream.length - second - 2);

        for (byte[] damaged : List.of(outOfSequence, missing)) {
            assertThatThrownBy(() -> JpegDecoder.decode(damaged, MODULE, DicomTransferSyntax.JPEG_EXTENDED))
                    .isInstanceOf(IntakeProblem.class)
                    .satisfies(e -> assertThat(((IntakeProblem) e).problem())
                            .isEqualTo(ImageReadException.Problem.CORRUPT));
        }
    }

    @Test
    void strayBytesAfterThePictureDataAreRefused() throws Exception {
        byte[] stream = conformanceStream("jpeg_ext12");
        byte[] stray = Arrays.copyOf(stream, stream.length + 3);
        System.arraycopy(new byte[] {0x12, 0x34, 0x56, (byte) 0xFF, (byte) 0xD9}, 0, stray, stream.length - 2, 5);

        assertThatThrownBy(() -> JpegDecoder.decode(stray, MODULE, DicomTransferSyntax.JPEG_EXTENDED))
                .isInstanceOf(IntakeProblem.class).hasMessageContaining("stray data");
    }

    @Test
    void progressiveArithmeticHierarchicalAndColourStreamsAreRefusedByName() throws Exception {
        byte[] stream = conformanceStream("jpeg_ext12");
        int sof = markerAt(stream, 0xC1);
        for (int[] change : new int[][] {{0xC2, 1}, {0xC9, 1}, {0xC5, 1}, {0xC1, 3}}) {
            byte[] other = stream.clone();
            other[sof + 1] = (byte) change[0];
            other[sof + 9] = (byte) change[1]; // number of components
            String name = switch (change[0]) {
                case 0xC2 -> "progressive coding";
                case 0xC9 -> "arithmetic coding";
                case 0xC5 -> "hierarchical coding";
                default -> "12-bit colour (3 components)";
            };
            PixelModule module = new PixelModule(ROWS, COLUMNS, change[1], 16, 12, 11, 0,
                    change[1] == 1 ? "MONOCHROME2" : "YBR_FULL", 1, 0);
            assertThatThrownBy(() -> JpegDecoder.decode(other, module, DicomTransferSyntax.JPEG_EXTENDED))
                    .isInstanceOf(IntakeProblem.class)
                    .hasMessageContaining("unsupported compression: JPEG Extended (Process 2 & 4) with " + name)
                    .hasMessageContaining("(1.2.840.10008.1.2.4.51)")
                    .satisfies(e -> assertThat(((IntakeProblem) e).problem())
                            .isEqualTo(ImageReadException.Problem.UNSUPPORTED_COMPRESSION));
        }
    }

    /** dcmtk labels it with the retired Progressive syntax, unknown to intake; here it is labelled Extended. */
    @Test
    void aTwelveBitProgressiveImageFromDcmtkIsRefusedByName() throws Exception {
        Path progressive = dir.resolve("progressive.dcm");
        assumeTrue(run("dcmcjpeg", "+ep", SharedData.dir("dicom/conformance").resolve("files/base.dcm").toString(),
                progressive.toString()), "dcmtk's dcmcjpeg is not installed");
        Files.writeString(progressive, Files.readString(progressive, StandardCharsets.ISO_8859_1)
                .replace("1.2.840.10008.1.2.4.55", "1.2.840.10008.1.2.4.51"), StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> XrayImageReader.read(progressive)).isInstanceOf(ImageReadException.class)
                .hasMessageContaining("with progressive coding")
                .satisfies(e -> assertThat(((ImageReadException) e).problem())
                        .isEqualTo(ImageReadException.Problem.UNSUPPORTED_COMPRESSION));
    }

    /** libjpeg's range-limit table (jdmaster.c prepare_range_limit_table), built as libjpeg builds it. */
    @Test
    void rangeLimitingIsLibjpegsTable() {
        for (int precision : new int[] {8, 12}) {
            int max = (1 << precision) - 1;
            int center = 1 << (precision - 1);
            int[] table = new int[5 * (max + 1) + center]; // libjpeg's sample_range_limit, moved by MAXJSAMPLE + 1
            int base = max + 1;
            for (int i = 0; i <= max; i++) {
                table[base + i] = i;
            }
            for (int i = center; i < 2 * (max + 1); i++) {
                table[base + center + i] = max;
            }
            for (int i = 0; i < center; i++) {
                table[base + center + 4 * (max + 1) - center + i] = table[base + i];
            }
            int mask = 4 * (max + 1) - 1;
            IslowIdct idct = new IslowIdct(precision);
            for (long x = -5L * mask; x <= 5L * mask; x++) {
                assertThat(idct.rangeLimit(x)).as("%d-bit, %d", precision, x)
                        .isEqualTo(table[base + center + (int) (x & mask)]);
            }
        }
    }

    private static Arguments variant(String name, JpegStreamWriter.Settings settings, int dcLimit, int acLimit,
                                     int quantMax, boolean signed) {
        return Arguments.of(new Variant(name, settings, dcLimit, acLimit, quantMax, signed));
    }

    private static JpegStreamWriter.Settings settings(int precision, int restartInterval, boolean fillBytes,
                                                      boolean sixteenBitQuant, int tableId) {
        return new JpegStreamWriter.Settings(precision, restartInterval, fillBytes, sixteenBitQuant, tableId);
    }

    private static byte[] restartStream() {
        return stream(new Variant("restarts", settings(12, 3, false, false, 0), 1000, 100, 16, false), new Random(7));
    }

    /**
     * Random coefficients: DC a random walk (steps within what one DC difference can code), a fifth of the blocks DC
     * only, AC values sparser towards high frequencies with sizes spread over every category up to the limit.
     */
    private static byte[] stream(Variant v, Random random) {
        int[] quant = new int[64];
        Arrays.setAll(quant, i -> 1 + random.nextInt(v.quantMax()));
        int[][] blocks = new int[ROWS / 8 * (COLUMNS / 8)][64];
        int dc = 0;
        int step = Math.max(1, v.dcLimit() / 8);
        for (int[] block : blocks) {
            dc = Math.max(-v.dcLimit(), Math.min(v.dcLimit(), dc + random.nextInt(2 * step + 1) - step));
            block[0] = dc;
            if (random.nextInt(5) == 0) {
                continue;
            }
            for (int k = 1; k < 64; k++) {
                if (random.nextDouble() < 0.6 * Math.pow(1 - k / 64.0, 3) || k == 63 && random.nextInt(10) == 0) {
                    int magnitude = 1 + random.nextInt(Math.max(1, v.acLimit() >> random.nextInt(12)));
                    block[k] = random.nextBoolean() ? magnitude : -magnitude;
                }
            }
        }
        return JpegStreamWriter.write(ROWS, COLUMNS, quant, blocks, v.settings());
    }

    /** A 640 x 512, 12-bit DICOM file around the stream. */
    private Path dicom(String name, byte[] stream, boolean signed) throws Exception {
        byte[] template = Files.readAllBytes(SharedData.dir("dicom/conformance").resolve("files/jpeg_ext12.dcm"));
        if (signed) {
            template = DicomBytes.setUs(template, DicomBytes.PIXEL_REPRESENTATION, 1);
        }
        return Files.write(dir.resolve(name + ".dcm"), EncapsulatedPixelData.withFirstFragment(template, stream));
    }

    private static byte[] conformanceStream(String name) throws Exception {
        return EncapsulatedPixelData.firstFragmentBytes(Files.readAllBytes(
                SharedData.dir("dicom/conformance").resolve("files/" + name + ".dcm")));
    }

    private static int markerAt(byte[] stream, int marker) {
        for (int i = 0; i + 1 < stream.length; i++) {
            if ((stream[i] & 0xFF) == 0xFF && (stream[i + 1] & 0xFF) == marker) {
                return i;
            }
        }
        throw new AssertionError("no marker " + Integer.toHexString(marker));
    }

    private static boolean run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false; // not installed
        }
    }
}
