package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage that keeps a file well-formed: a compressed image whose code stream ends early while every DICOM length still
 * agrees, a JPEG cut short, a header whose bit depth or sign no longer matches the data, a sequence of 300,000 items.
 * Each file must decode to exactly the pixels of the undamaged file or be refused with a message; never become a
 * different image, never raise anything but {@link ImageReadException}, and never take long.
 */
class DamagedImageTest {
    /** Generous: every file here decodes in well under a second on a quiet machine. */
    static final long MAX_MILLIS_PER_FILE = 20_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void aCompressedStreamEndingEarlyInsideAConsistentFileIsRefusedNeverDecodedDifferently() throws Exception {
        List<Path> sources = SharedData.dicomFiles();
        List<String> wrong = new ArrayList<>();
        Map<String, Integer> refused = new TreeMap<>();
        int damaged = 0;
        for (Path source : sources) {
            byte[] bytes = Files.readAllBytes(source);
            if (EncapsulatedPixelData.firstFragment(bytes).isEmpty()) {
                continue; // not encapsulated
            }
            java.nio.FloatBuffer intact = XrayImageReader.read(source).values();
            for (double keep : new double[] {0.98, 0.9, 0.5, 0.1}) {
                Path cut = dir.resolve(source.getFileName() + "-" + keep + ".dcm");
                Files.write(cut, EncapsulatedPixelData.shortenFirstFragment(bytes, keep));
                damaged++;
                Outcome outcome = read(cut);
                if (outcome.error() != null) {
                    refused.merge(outcome.error().problem().name(), 1, Integer::sum);
                } else if (!outcome.image().values().equals(intact)) {
                    wrong.add(cut.getFileName() + " decoded to different pixels without a word");
                }
            }
        }
        System.out.println("code streams cut inside consistent files: " + damaged + ", refused: " + refused);
        assertThat(damaged).isGreaterThan(100);
        assertThat(wrong).isEmpty();
    }

    @Test
    @Timeout(120)
    void aJpegFileCutShortIsRefused() throws Exception {
        BufferedImage radiograph = ImageIO.read(SharedData.dir("dicom/conformance").resolve("files/u8.png").toFile());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(radiograph, "jpeg", out);
        byte[] jpeg = out.toByteArray();
        List<String> decoded = new ArrayList<>();
        for (double keep : new double[] {0.9, 0.7, 0.5, 0.3}) {
            Path cut = dir.resolve("cut-" + keep + ".jpg");
            Files.write(cut, Arrays.copyOf(jpeg, (int) (jpeg.length * keep)));
            Outcome outcome = read(cut);
            if (outcome.error() == null) {
                decoded.add(cut.getFileName().toString());
            } else {
                assertThat(outcome.error().problem()).isEqualTo(ImageReadException.Problem.TRUNCATED);
                assertThat(outcome.error().getMessage()).contains("ends before", "sent again");
            }
        }
        assertThat(decoded).as("cut JPEGs decoded anyway").isEmpty();
    }

    @Test
    @Timeout(120)
    void aHeaderWhoseBitDepthOrSignContradictsTheImageIsRefused() throws Exception {
        List<String> decoded = new ArrayList<>();
        for (String name : List.of("files/base.dcm", "files/jpeg_ll_sv1.dcm", "files/jpeg_ext12.dcm", "files/jls_ll.dcm",
                "files/j2k_ll.dcm", "files/rle.dcm")) {
            byte[] bytes = Files.readAllBytes(SharedData.dir("dicom/conformance").resolve(name));
            String stem = Path.of(name).getFileName().toString();
            List<Path> damaged = new ArrayList<>();
            for (int bitsStored : new int[] {1, 2, 4}) {
                damaged.add(write(stem + "-bs" + bitsStored + ".dcm", DicomBytes.setUs(DicomBytes.setUs(bytes,
                        DicomBytes.BITS_STORED, bitsStored), DicomBytes.HIGH_BIT, bitsStored - 1)));
            }
            damaged.add(write(stem + "-pr7.dcm", DicomBytes.setUs(bytes, DicomBytes.PIXEL_REPRESENTATION, 7)));
            // A 12-bit image declared 8-bit: a JPEG, JPEG-LS or JPEG 2000 stream carries its own depth, which
            // contradicts it. Uncompressed and RLE data do not (their unused bits may legitimately hold other data).
            if (!name.endsWith("base.dcm") && !name.endsWith("rle.dcm")) {
                damaged.add(write(stem + "-bs8.dcm", DicomBytes.setUs(DicomBytes.setUs(bytes,
                        DicomBytes.BITS_STORED, 8), DicomBytes.HIGH_BIT, 7)));
            }
            for (Path file : damaged) {
                Outcome outcome = read(file);
                if (outcome.error() == null) {
                    decoded.add(file.getFileName().toString());
                } else {
                    assertThat(outcome.error().problem()).as(file.getFileName().toString())
                            .isEqualTo(ImageReadException.Problem.CORRUPT);
                }
            }
        }
        assertThat(decoded).as("decoded despite a contradictory header").isEmpty();
    }

    @Test
    @Timeout(60)
    void aSequenceOfThreeHundredThousandItemsIsRefusedAtOnce() throws Exception {
        byte[] base = Files.readAllBytes(SharedData.dir("dicom/conformance").resolve("files/base.dcm"));
        Path bomb = write("sequence-bomb.dcm", DicomBytes.withSequenceBefore(base, DicomBytes.PATIENT_NAME, 300_000));

        Outcome outcome = read(bomb);

        assertThat(outcome.error()).isNotNull();
        assertThat(outcome.error().problem()).isEqualTo(ImageReadException.Problem.CORRUPT);
        assertThat(outcome.error().getMessage()).contains("items");
    }

    private record Outcome(XrayImage image, ImageReadException error) {
    }

    /** Reads within the time limit; anything but the typed exception fails the test. */
    private static Outcome read(Path file) {
        try {
            return new Outcome(readWithin(file), null);
        } catch (ImageReadException e) {
            return new Outcome(null, e);
        }
    }

    /**
     * The image, read within {@link #MAX_MILLIS_PER_FILE}; a refusal must be the typed exception naming the file, and
     * anything else fails the test.
     */
    static XrayImage readWithin(Path file) throws ImageReadException {
        long start = System.nanoTime();
        try {
            return XrayImageReader.read(file);
        } catch (ImageReadException e) {
            assertThat(e.getMessage()).as("message names the file").startsWith(file.getFileName() + ": ");
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(file.getFileName() + " raised " + t + " instead of ImageReadException", t);
        } finally {
            assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds to read " + file.getFileName())
                    .isLessThan(MAX_MILLIS_PER_FILE);
        }
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }
}
