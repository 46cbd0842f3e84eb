package org.covidcxr.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.display.SourceImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Decoding speed per transfer syntax over the conformance files: this module's reader, PixelMed's own SourceImage
 * path, and dcmtk (dcmj2pnm, or dcml2pnm for JPEG-LS: one process per file, 8-bit output discarded). Not a test:
 * <pre>mvn -B -ntp -q -pl dicom test-compile exec:java -Dexec.mainClass=org.covidcxr.dicom.DecodeBenchmark \
 *     -Dexec.classpathScope=test</pre>
 * Every figure is the best of several runs (warm, in-process for Java; whole process for dcmtk): on a shared build
 * machine the minimum filters out interference from other jobs. dcmtk's process start-up (on a 1 × 1 image) is
 * printed and subtracted to give its net decode time.
 */
public final class DecodeBenchmark {
    private static final int WARM_UP = 3;
    private static final int RUNS = 8;
    private static final int PROCESS_RUNS = 4;

    private DecodeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path tmp = Files.createTempDirectory("decode-bench");
        ConformanceManifest manifest = ConformanceManifest.load();
        double dcmtkStart = best(processRuns(tinyDicom(tmp), "dcmj2pnm"));
        System.out.printf("dcmtk process start-up (dcmj2pnm on a 1 x 1 image): %.1f ms per file%n%n", dcmtkStart);

        Map<String, List<double[]>> byTs = new TreeMap<>(); // ts → per file {ours, pixelmed, dcmtk wall}
        for (ConformanceManifest.Entry e : manifest.entries()) {
            double ours = e.supported() ? best(javaRuns(() -> XrayImageReader.read(e.path()))) : Double.NaN;
            double pixelmed = best(javaRuns(() -> pixelMed(e.path())));
            double dcmtk = best(processRuns(e.path(), e.ts().startsWith("JPEGLS") ? "dcml2pnm" : "dcmj2pnm"));
            byTs.computeIfAbsent(e.ts(), k -> new ArrayList<>()).add(new double[] {ours, pixelmed, dcmtk});
        }
        System.out.println("Decode time per file, mean over the syntax's 640 x 512 / 600 x 480 conformance files (ms)");
        System.out.printf("%-50s %5s %8s %9s %11s %10s %12s%n", "transfer syntax", "files", "ours", "PixelMed",
                "dcmtk wall", "dcmtk net", "ours/dcmtk net");
        for (Map.Entry<String, List<double[]>> row : byTs.entrySet()) {
            double ours = mean(row.getValue(), 0);
            double pixelmed = mean(row.getValue(), 1);
            double wall = mean(row.getValue(), 2);
            double net = wall - dcmtkStart;
            System.out.printf("%-50s %5d %8s %9s %11s %10s %12s%n", row.getKey(), row.getValue().size(), fmt(ours),
                    fmt(pixelmed), fmt(wall), fmt(net), Double.isNaN(ours) || Double.isNaN(net) ? "-"
                            : String.format("%.2f", ours / Math.max(net, 0.1)));
        }
        largeRadiograph(tmp);
    }

    /** RG1_J2KI decompressed by GDCM (1955 x 1841, 15 bits): the size the viewer really sees, plus render time. */
    private static void largeRadiograph(Path tmp) throws Exception {
        Path source = SharedData.dir("dicom/real").resolve("RG1_J2KI.dcm");
        Path raw = tmp.resolve("RG1_raw.dcm");
        Process gdcm = new ProcessBuilder("gdcmconv", "--raw", source.toString(), raw.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gdcm.waitFor(60, TimeUnit.SECONDS) || gdcm.exitValue() != 0) {
            System.out.println("\n(gdcmconv not available: large-image figures skipped)");
            return;
        }
        System.out.println("\nLarge radiograph RG1 (1955 x 1841, 15-bit), best of " + RUNS + " runs, ms:");
        Map<String, Double> rows = new LinkedHashMap<>();
        rows.put("ours, uncompressed (Explicit VR LE)", best(javaRuns(() -> XrayImageReader.read(raw))));
        rows.put("PixelMed SourceImage, uncompressed", best(javaRuns(() -> pixelMed(raw))));
        rows.put("dcmtk dcmj2pnm, uncompressed (whole process)", best(processRuns(raw, "dcmj2pnm")));
        rows.put("ours, lossy JPEG 2000 original", best(javaRuns(() -> XrayImageReader.read(source))));
        XrayImage image = XrayImageReader.read(raw);
        DisplaySettings settings = DisplaySettings.fileDefault(image);
        rows.put("display pipeline render (window -> 8-bit)", best(javaRuns(() ->
                DisplayPipeline.render(image, settings))));
        rows.put("display pipeline render, inverted", best(javaRuns(() ->
                DisplayPipeline.render(image, settings.withInvert(true)))));
        rows.forEach((k, v) -> System.out.printf("  %-45s %8.1f%n", k, v));
    }

    /** PixelMed's own path: whole object read and decompressed, then the first frame as a BufferedImage. */
    private static Object pixelMed(Path file) throws Exception {
        // SourceImage answers null, not an exception, for what it cannot decode (12-bit JPEG, JPEG-LS here).
        return java.util.Objects.requireNonNull(new SourceImage(file.toString()).getBufferedImage(0));
    }

    private interface Task {
        Object run() throws Exception;
    }

    private static double[] javaRuns(Task task) {
        double[] times = new double[RUNS];
        try {
            for (int i = 0; i < WARM_UP; i++) {
                task.run();
            }
            for (int i = 0; i < RUNS; i++) {
                long t = System.nanoTime();
                task.run();
                times[i] = (System.nanoTime() - t) / 1e6;
            }
            return times;
        } catch (Exception e) {
            return new double[] {Double.NaN};
        }
    }

    private static double[] processRuns(Path file, String tool) throws IOException, InterruptedException {
        double[] times = new double[PROCESS_RUNS];
        for (int i = 0; i < PROCESS_RUNS; i++) {
            long t = System.nanoTime();
            Process p = new ProcessBuilder(tool, "--quiet", file.toString(), "/dev/null")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return new double[] {Double.NaN}; // dcmtk cannot decode it (JPEG 2000 is not in free dcmtk)
            }
            times[i] = (System.nanoTime() - t) / 1e6;
        }
        return times;
    }

    private static Path tinyDicom(Path dir) throws Exception {
        AttributeList list = new AttributeList();
        list.putNewAttribute(TagFromName.SOPClassUID).addValue("1.2.840.10008.5.1.4.1.1.7");
        list.putNewAttribute(TagFromName.SOPInstanceUID).addValue("2.25.1");
        for (var tag : List.of(TagFromName.Rows, TagFromName.Columns, TagFromName.SamplesPerPixel)) {
            list.putNewAttribute(tag).addValue(1);
        }
        list.putNewAttribute(TagFromName.BitsAllocated).addValue(8);
        list.putNewAttribute(TagFromName.BitsStored).addValue(8);
        list.putNewAttribute(TagFromName.HighBit).addValue(7);
        list.putNewAttribute(TagFromName.PixelRepresentation).addValue(0);
        list.putNewAttribute(TagFromName.PhotometricInterpretation).addValue("MONOCHROME2");
        OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
        pixels.setValues(new byte[] {0, 0});
        list.put(pixels);
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "BENCH");
        File file = dir.resolve("tiny.dcm").toFile();
        list.write(file, TransferSyntax.ExplicitVRLittleEndian, true, true);
        return file.toPath();
    }

    private static double best(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double mean(List<double[]> rows, int column) {
        return rows.stream().mapToDouble(r -> r[column]).average().orElse(Double.NaN);
    }

    private static String fmt(double ms) {
        return Double.isNaN(ms) ? "-" : String.format("%.1f", ms);
    }
}
