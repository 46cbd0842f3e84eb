package org.covidcxr.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The rows of dicom/conformance/manifest.tsv, and the reference decodes they point to. */
record ConformanceManifest(Path dir, List<Entry> entries) {

    record Entry(Path dir, String name, String file, String ts, int rows, int cols, int bitsAllocated, int bitsStored,
                 boolean signed, String photometric, double slope, double intercept, boolean voiLut, boolean lossy,
                 String expected, String display) {

        Path path() {
            return dir.resolve(file);
        }

        Path displayPath() {
            return dir.resolve(display);
        }

        boolean lossyJpeg2000() {
            return ts.equals("JPEG2000") && lossy;
        }

        /** Reference stored values: masked and sign-extended, or clamped for lossy JPEG 2000 (data README). */
        int[] expectedValues() throws IOException {
            byte[] raw;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve(expected)))) {
                raw = in.readAllBytes();
            }
            int n = rows * cols;
            int[] words = new int[n];
            ByteBuffer buffer = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                words[i] = bitsAllocated == 8 ? raw[i] & 0xFF : buffer.getShort(2 * i) & 0xFFFF;
            }
            int max = signed ? (1 << (bitsStored - 1)) - 1 : (1 << bitsStored) - 1;
            int min = signed ? -(1 << (bitsStored - 1)) : 0;
            int mask = (1 << bitsStored) - 1;
            for (int i = 0; i < n; i++) {
                if (lossyJpeg2000()) {
                    int v = signed ? (short) words[i] : words[i];
                    words[i] = Math.max(min, Math.min(max, v));
                } else {
                    int v = words[i] & mask;
                    words[i] = signed && v > max ? v - (mask + 1) : v;
                }
            }
            return words;
        }
    }

    static ConformanceManifest load() throws IOException {
        Path dir = SharedData.dir("dicom/conformance");
        List<String> lines = Files.readAllLines(dir.resolve("manifest.tsv"));
        List<String> header = Arrays.asList(lines.get(0).split("\t"));
        List<Entry> entries = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            java.util.function.Function<String, String> col = name -> f[header.indexOf(name)];
            entries.add(new Entry(dir, col.apply("name"), col.apply("file"), col.apply("ts"),
                    Integer.parseInt(col.apply("rows")), Integer.parseInt(col.apply("cols")),
                    Integer.parseInt(col.apply("ba")), Integer.parseInt(col.apply("bs")),
                    col.apply("pr").equals("1"), col.apply("pi"), number(col.apply("slope"), 1),
                    number(col.apply("intercept"), 0), col.apply("voilut").equals("1"),
                    col.apply("lossy").equals("yes"), col.apply("expected"), col.apply("display")));
        }
        return new ConformanceManifest(dir, entries);
    }

    private static double number(String text, double fallback) {
        return text.isBlank() ? fallback : Double.parseDouble(text);
    }
}
