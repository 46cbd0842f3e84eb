package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: every conformance file, in every transfer syntax of the corpus, decodes to the reference stored values
 * (exactly; lossy JPEG 2000 within ±1) and displays within ±1 grey level of dcmtk's rendering.
 */
class ConformanceTest {

    @Test
    void everyConformanceFileDecodesAndDisplaysLikeTheReference() throws IOException {
        ConformanceManifest manifest = ConformanceManifest.load();
        Map<String, int[]> tally = new TreeMap<>(); // ts → {passed, total}
        List<String> failures = new ArrayList<>();
        for (ConformanceManifest.Entry entry : manifest.entries()) {
            int[] counts = tally.computeIfAbsent(entry.ts(), ts -> new int[2]);
            counts[1]++;
            String failure = check(entry);
            if (failure == null) {
                counts[0]++;
            } else {
                failures.add(entry.name() + " (" + entry.ts() + "): " + failure);
            }
        }
        System.out.println(table(tally));
        assertThat(failures).as("conformance failures").isEmpty();
    }

    /** Returns null when the file decodes and displays as required, else what went wrong. */
    private static String check(ConformanceManifest.Entry entry) throws IOException {
        XrayImage image;
        try {
            image = XrayImageReader.read(entry.path());
        } catch (ImageReadException e) {
            return "not decoded: " + e.getMessage();
        }
        if (image.width() != entry.cols() || image.height() != entry.rows()) {
            return "size " + image.width() + "x" + image.height();
        }
        int tolerance = entry.lossyJpeg2000() ? 1 : 0;
        int[] expected = entry.expectedValues();
        int[] stored = storedValues(image, entry);
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(stored[i] - expected[i]) > tolerance) {
                return "stored value at " + i + " is " + stored[i] + ", expected " + expected[i];
            }
        }
        BufferedImage reference = ImageIO.read(entry.displayPath().toFile());
        DisplayImage display = DisplayPipeline.render(image, DisplaySettings.fileDefault(image));
        for (int y = 0; y < entry.rows(); y++) {
            for (int x = 0; x < entry.cols(); x++) {
                int want = reference.getRaster().getSample(x, y, 0);
                if (Math.abs(display.level(x, y) - want) > 1) {
                    return "display at (" + x + "," + y + ") is " + display.level(x, y) + ", dcmtk shows " + want;
                }
            }
        }
        return null;
    }

    /** Undoes the rescale so that stored values can be compared with the reference decode. */
    private static int[] storedValues(XrayImage image, ConformanceManifest.Entry entry) {
        int n = image.width() * image.height();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) Math.round((image.values().get(i) - entry.intercept()) / entry.slope());
        }
        return out;
    }

    private static String table(Map<String, int[]> tally) {
        StringBuilder s = new StringBuilder("\nConformance: transfer syntax → passed / total (passed = decoded "
                + "exactly and displayed within ±1)\n");
        int passed = 0;
        int total = 0;
        for (Map.Entry<String, int[]> row : tally.entrySet()) {
            s.append(String.format("  %-50s %2d / %2d%n", row.getKey(), row.getValue()[0], row.getValue()[1]));
            passed += row.getValue()[0];
            total += row.getValue()[1];
        }
        return s.append(String.format("  %-50s %2d / %2d%n", "all", passed, total)).toString();
    }
}
