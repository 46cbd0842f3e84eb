package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One flipped bit at a time, at seeded places in every conformance and real DICOM file. Intake must never fail with
 * anything but {@link ImageReadException}, never hang, and never let a flip spread. What it cannot do is notice every
 * flip: DICOM carries no check value over its pixel data (nor does JPEG's entropy-coded data), so a flip inside the
 * pixels of an uncompressed file changes that one pixel and nothing tells. This test pins that down: such a flip
 * changes at most the one stored value that holds the flipped byte. Flips elsewhere end as a refusal, as the exact
 * image, or, counted and printed, as an image that differs: in compressed or deflated data (no check value either),
 * and in the header where a digit of a value-defining attribute turns into another valid digit (Rescale Slope 2
 * becoming 20 is valid DICOM).
 */
class ByteFlipTest {
    private static final int FLIPS_PER_FILE = 24;

    @TempDir
    Path dir;

    @Test
    @Timeout(900)
    void aFlippedBitIsRefusedOrLeftWithoutEffectOrChangesAtMostThePixelItIsIn() throws Exception {
        List<Path> sources = SharedData.dicomFiles();
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> spread = new ArrayList<>();
        Random random = new Random(15);
        for (Path source : sources) {
            byte[] bytes = Files.readAllBytes(source);
            FloatBuffer intact;
            try {
                intact = XrayImageReader.read(source).values();
            } catch (ImageReadException e) {
                continue; // files the corpus holds as refusals (e.g. a non-image object)
            }
            Layout layout = Layout.of(bytes);
            for (int i = 0; i < FLIPS_PER_FILE; i++) {
                // Half anywhere (mostly pixel data, by size), half in the header before it.
                int at = random.nextInt(i % 2 == 0 ? bytes.length : Math.min(bytes.length, layout.pixelValueStart()));
                byte[] flipped = bytes.clone();
                flipped[at] ^= (byte) (1 << random.nextInt(8));
                Path file = Files.write(dir.resolve(source.getFileName() + "-" + at + ".dcm"), flipped);
                String region = layout.region(at);
                String outcome;
                try {
                    FloatBuffer values = DamagedImageTest.readWithin(file).values();
                    int differing = differing(intact, values);
                    outcome = differing == 0 ? "exact" : differing < 0 ? "other size" : "different";
                    if (region.equals(Layout.UNCOMPRESSED_PIXELS) && differing != 0 && !(differing == 1
                            && layout.holdsOnlyOneValue(at, intact, values))) {
                        spread.add(file.getFileName() + ": " + differing + " values changed");
                    }
                } catch (ImageReadException e) {
                    outcome = "refused";
                }
                outcomes.merge(region + ": " + outcome, 1, Integer::sum);
            }
        }
        System.out.println("one flipped bit per file, by region and outcome: " + outcomes);
        assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(1000);
        assertThat(spread).as("a flip in uncompressed pixels changed more than its own pixel").isEmpty();
    }

    /** The number of values that differ; -1 when the images differ in size. */
    private static int differing(FloatBuffer a, FloatBuffer b) {
        if (a.remaining() != b.remaining()) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < a.remaining(); i++) {
            if (Float.compare(a.get(a.position() + i), b.get(b.position() + i)) != 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * Where the pixel data of a file starts, and whether it is stored uncompressed; a deflated data set cannot be
     * located without inflating it.
     */
    private record Layout(int pixelValueStart, boolean uncompressed) {
        static final String UNCOMPRESSED_PIXELS = "uncompressed pixels";

        static Layout of(byte[] file) {
            for (int i = file.length - 8; i >= 132; i--) {
                boolean little = file[i] == (byte) 0xE0 && file[i + 1] == 0x7F && file[i + 2] == 0x10
                        && file[i + 3] == 0;
                boolean big = file[i] == 0x7F && file[i + 1] == (byte) 0xE0 && file[i + 2] == 0
                        && file[i + 3] == 0x10;
                if (little || big) {
                    boolean explicit = file[i + 4] == 'O' && (file[i + 5] == 'B' || file[i + 5] == 'W');
                    int lengthAt = explicit ? i + 8 : i + 4;
                    boolean undefined = file[lengthAt] == -1 && file[lengthAt + 1] == -1;
                    return new Layout(explicit ? i + 12 : i + 8, !undefined);
                }
            }
            return new Layout(Integer.MAX_VALUE, false);
        }

        String region(int at) {
            if (pixelValueStart == Integer.MAX_VALUE) {
                return "deflated data set";
            }
            return at < pixelValueStart ? "header" : uncompressed ? UNCOMPRESSED_PIXELS : "compressed pixels";
        }

        /**
         * Whether the one changed value is the one stored in the flipped byte (first frame, one sample per pixel), for
         * 8- or 16-bit values (neither the VR nor, for implicit VR, anything near the data says which: 8-bit data
         * may travel as OW).
         */
        boolean holdsOnlyOneValue(int at, FloatBuffer intact, FloatBuffer values) {
            return IntStream.of(1, 2)
                    .map(size -> (at - pixelValueStart) / size)
                    .anyMatch(index -> index < intact.remaining() && Float.compare(intact.get(intact.position()
                            + index), values.get(values.position() + index)) != 0);
        }
    }
}
