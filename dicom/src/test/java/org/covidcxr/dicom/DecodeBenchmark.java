package org.covidcxr.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.display.SourceImage;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decoding cost per transfer syntax over the conformance files: this module's reader, PixelMed's own SourceImage
 * path, and dcmtk (dcmj2pnm, or dcml2pnm for JPEG-LS; 8-bit output to /dev/null). Not a test:
 * <pre>mvn -B -ntp -q -pl dicom test-compile exec:java -Dexec.mainClass=org.covidcxr.dicom.DecodeBenchmark \
 *     -Dexec.classpathScope=test</pre>
 * The figures are CPU time, which other jobs on a shared build machine disturb far less than wall time (that varies
 * several-fold): for Java the decoding thread's CPU time, best of several warm runs; for dcmtk the children's
 * user + system time per run of the tool (mean of a batch of runs, best of three batches), minus the same for a 1 × 1
 * image (process start-up and
 * dictionary loading), i.e. its net decode cost. The conformance images are small enough that dcmtk's start-up
 * dominates, so a second table re-encodes a real 1955 × 1841 radiograph in each syntax. A third compares 12-bit JPEG
 * with dcmtk's plain decoder, dcmdjpeg (decode to an uncompressed DICOM written to /dev/null, no rendering); a last
 * line, this project's greyscale baseline JPEG decoding with the JDK's native libjpeg's.
 */
public final class DecodeBenchmark {
    private static final int WARM_UP = 3;
    private static final int RUNS = 8;
    private static final int PROCESS_RUNS = 5;
    private static final int PROCESS_BATCHES = 3;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private DecodeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path tmp = Files.createTempDirectory("decode-bench");
        Path tiny = tinyDicom(tmp);
        double startJpeg = processCpu(tiny, "dcmj2pnm");
        double startLs = processCpu(tiny, "dcml2pnm");
        System.out.printf("dcmtk start-up per process (1 x 1 image), CPU ms: dcmj2pnm %.1f, dcml2pnm %.1f%n%n",
                startJpeg, startLs);

        Map<String, List<double[]>> byTs = new TreeMap<>(); // ts → per file {ours, pixelmed, dcmtk net}
        for (ConformanceManifest.Entry e : ConformanceManifest.load().entries()) {
            double ours = javaCpu(() -> XrayImageReader.read(e.path()));
            double pixelmed = javaCpu(() -> pixelMed(e.path()));
            boolean jpegLs = e.ts().startsWith("JPEGLS");
            double dcmtk = processCpu(e.path(), jpegLs ? "dcml2pnm" : "dcmj2pnm") - (jpegLs ? startLs : startJpeg);
            byTs.computeIfAbsent(e.ts(), k -> new ArrayList<>()).add(new double[] {ours, pixelmed, dcmtk});
        }
        System.out.println("Conformance files (640 x 512 / 600 x 480), CPU ms per decode, mean over the syntax's files."
                + "\ndcmtk net = its CPU per file minus start-up: at this size mostly noise (start-up ~40 ms).");
        System.out.printf("%-50s %5s %7s %9s %10s %12s%n", "transfer syntax", "files", "ours", "PixelMed",
                "dcmtk net", "ours / dcmtk");
        for (Map.Entry<String, List<double[]>> row : byTs.entrySet()) {
            double ours = mean(row.getValue(), 0);
            double dcmtk = mean(row.getValue(), 2);
            System.out.printf("%-50s %5d %7s %9s %10s %12s%n", row.getKey(), row.getValue().size(), fmt(ours),
                    fmt(mean(row.getValue(), 1)), fmt(dcmtk),
                    ratio(ours, dcmtk));
        }
        largeRadiographs(tmp);
    }

    /**
     * The same comparison at the size the viewer really sees, where dcmtk's start-up no longer hides its decoding:
     * RG1_J2KI decompressed by GDCM (1955 x 1841, 15 bits) and re-encoded by dcmtk/GDCM in each syntax (8-bit JPEG
     * Baseline from the 1024 x 1024 NIH radiograph instead, as baseline cannot hold 15 bits). Then render times.
     */
    private static void largeRadiographs(Path tmp) throws Exception {
        Path real = SharedData.dir("dicom/real");
        Path raw = tmp.resolve("RG1_raw.dcm");
        if (!run("gdcmconv", "--raw", real.resolve("RG1_J2KI.dcm").toString(), raw.toString())) {
            System.out.println("\n(gdcmconv not available: large-image figures skipped)");
            return;
        }
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("Explicit VR Little Endian", raw);
        files.put("Implicit VR Little Endian", convert(tmp, "ile", "dcmconv", "+ti", raw));
        files.put("Explicit VR Big Endian", convert(tmp, "ebe", "dcmconv", "+tb", raw));
        files.put("Deflated Explicit VR Little Endian", convert(tmp, "def", "dcmconv", "+td", raw));
        files.put("RLE Lossless", convert(tmp, "rle", "dcmcrle", null, raw));
        files.put("JPEG Lossless SV1", convert(tmp, "sv1", "dcmcjpeg", "+e1", raw));
        files.put("JPEG Lossless Process 14 (SV6)", convert(tmp, "p14", "dcmcjpeg", "+el", raw));
        files.put("JPEG 2000 Lossless", convert(tmp, "j2k", "gdcmconv", "--j2k", raw));
        files.put("JPEG 2000 lossy (the original RG1_J2KI)", real.resolve("RG1_J2KI.dcm"));
        files.put("JPEG-LS Lossless", convert(tmp, "jls", "dcmcjpls", null, raw));
        Path twelveBit = convert(tmp, "ext", "dcmcjpeg", "+ee", raw);
        files.put("JPEG Extended 12-bit, lossy (quality 90)", twelveBit);
        Path baseline = convert(tmp, "base", "dcmcjpeg", "+eb", real.resolve("nih_DX_explicitLE.dcm"));
        files.put("JPEG Baseline 8-bit, NIH 1024 x 1024", baseline);
        double startJpeg = processCpu(tinyDicom(tmp), "dcmj2pnm");
        double startLs = processCpu(tinyDicom(tmp), "dcml2pnm");
        System.out.println("\nLarge radiograph RG1 (1955 x 1841, 15-bit) in each syntax, CPU ms per decode");
        System.out.printf("%-42s %8s %9s %10s %12s%n", "transfer syntax", "ours", "PixelMed", "dcmtk net",
                "ours / dcmtk");
        for (Map.Entry<String, Path> e : files.entrySet()) {
            Path file = e.getValue();
            double ours = file == null ? Double.NaN : javaCpu(() -> XrayImageReader.read(file));
            double pixelmed = file == null ? Double.NaN : javaCpu(() -> pixelMed(file));
            boolean jpegLs = e.getKey().startsWith("JPEG-LS");
            double dcmtk = file == null ? Double.NaN
                    : processCpu(file, jpegLs ? "dcml2pnm" : "dcmj2pnm") - (jpegLs ? startLs : startJpeg);
            System.out.printf("%-42s %8s %9s %10s %12s%n", e.getKey(), fmt(ours), fmt(pixelmed), fmt(dcmtk),
                    ratio(ours, dcmtk));
        }
        twelveBitJpeg(tmp, twelveBit);
        if (baseline != null) {
            greyscaleBaseline(baseline);
        }
        XrayImage image = XrayImageReader.read(raw);
        DisplaySettings settings = DisplaySettings.fileDefault(image);
        System.out.printf("%nDisplay pipeline on RG1 (3.6 Mpixel), CPU ms: file window %.1f, user window + invert "
                        + "%.1f%n", javaCpu(() -> DisplayPipeline.render(image, settings)),
                javaCpu(() -> DisplayPipeline.render(image, settings.withWindow(new Window(9000, 12000, ""))
                        .withInvert(true))));
    }

    /**
     * 12-bit JPEG against dcmtk's dcmdjpeg, which decodes without rendering: the conformance files (mean) and RG1
     * re-encoded by dcmcjpeg +ee (dcmtk renders its 15 bits into 12 for that).
     */
    private static void twelveBitJpeg(Path tmp, Path rg1) throws Exception {
        double start = processCpu(tinyDicom(tmp), "dcmdjpeg");
        Map<String, List<Path>> sets = new LinkedHashMap<>();
        sets.put("conformance files (640 x 512, 600 x 480), mean", ConformanceManifest.load().entries().stream()
                .filter(e -> e.ts().startsWith("JPEGExtended")).map(ConformanceManifest.Entry::path).toList());
        if (rg1 != null) {
            sets.put("RG1 1955 x 1841, quality 90", List.of(rg1));
        }
        System.out.printf("%n12-bit JPEG (Extended) against dcmdjpeg, CPU ms per decode (dcmdjpeg start-up %.1f ms "
                + "subtracted)%n%-48s %8s %10s %12s%n", start, "images", "ours", "dcmtk net", "ours / dcmtk");
        for (Map.Entry<String, List<Path>> set : sets.entrySet()) {
            List<double[]> rows = new ArrayList<>();
            for (Path file : set.getValue()) {
                double ours = javaCpu(() -> XrayImageReader.read(file));
                rows.add(new double[] {ours, processCpu(file, "dcmdjpeg") - start});
            }
            double ours = mean(rows, 0);
            double dcmtk = mean(rows, 1);
            System.out.printf("%-48s %8s %10s %12s%n", set.getKey(), fmt(ours), fmt(dcmtk), ratio(ours, dcmtk));
        }
    }

    /** What decoding greyscale baseline JPEG in-house costs against the JDK's native libjpeg (via TwelveMonkeys). */
    private static void greyscaleBaseline(Path file) throws Exception {
        byte[] stream = EncapsulatedPixelData.firstFragmentBytes(Files.readAllBytes(file));
        PixelModule module = new PixelModule(1024, 1024, 1, 8, 8, 7, 0, "MONOCHROME2", 1, 0);
        double own = javaCpu(() -> JpegDecoder.decode(stream, module, DicomTransferSyntax.JPEG_BASELINE));
        double jdk = javaCpu(() -> {
            ImageReader reader = ImageReaders.forFormat("jpeg");
            try (ImageInputStream input = new ByteArrayImageInput(stream)) {
                reader.setInput(input);
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        });
        System.out.printf("%nBaseline JPEG stream alone (NIH 1024 x 1024), CPU ms: this project's decoder %.1f, the "
                + "JDK's libjpeg %.1f%n", own, jdk);
    }

    private static Path convert(Path dir, String name, String tool, String option, Path source) throws Exception {
        Path out = dir.resolve(name + ".dcm");
        List<String> command = new ArrayList<>(List.of(tool));
        if (option != null) {
            command.add(option);
        }
        command.addAll(List.of(source.toString(), out.toString()));
        return run(command.toArray(String[]::new)) ? out : null;
    }

    private static boolean run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false; // tool not installed
        }
    }

    /** PixelMed's own path: whole object read and decompressed, then the first frame as a BufferedImage. */
    private static Object pixelMed(Path file) throws Exception {
        // SourceImage answers null, not an exception, for what it cannot decode (12-bit JPEG, JPEG-LS here).
        return Objects.requireNonNull(new SourceImage(file.toString()).getBufferedImage(0));
    }

    private interface Task {
        Object run() throws Exception;
    }

    /** Best thread CPU time of {@link #RUNS} warm runs, in ms; NaN when the task fails. */
    private static double javaCpu(Task task) {
        double best = Double.MAX_VALUE;
        try {
            for (int i = 0; i < WARM_UP; i++) {
                task.run();
            }
            for (int i = 0; i < RUNS; i++) {
                long t = THREADS.getCurrentThreadCpuTime();
                task.run();
                best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - t) / 1e6);
            }
            return best;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /**
     * Child CPU time (user + system, from the shell's {@code times}) of one run of the tool, in ms: the mean over a
     * batch of runs, best of several batches.
     */
    private static double processCpu(Path file, String tool) throws Exception {
        double best = Double.MAX_VALUE;
        for (int batch = 0; batch < PROCESS_BATCHES; batch++) {
            best = Math.min(best, processBatchCpu(file, tool));
        }
        return best;
    }

    private static double processBatchCpu(Path file, String tool) throws Exception {
        String script = "for i in $(seq " + PROCESS_RUNS + "); do " + tool + " --quiet \"$1\" /dev/null || exit 3; "
                + "done; times";
        Process p = new ProcessBuilder("bash", "-c", script, "bench", file.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return Double.NaN; // dcmtk cannot decode it (JPEG 2000 is not in free dcmtk)
        }
        // `times` prints the shell's user/sys, then its children's: "0m0.123s 0m0.045s".
        Matcher m = Pattern.compile("(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s").matcher(out);
        double children = Double.NaN;
        while (m.find()) {
            children = (60 * Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2))
                    + 60 * Double.parseDouble(m.group(3)) + Double.parseDouble(m.group(4))) * 1000;
        }
        return children / PROCESS_RUNS;
    }

    private static Path tinyDicom(Path dir) throws Exception {
        File file = dir.resolve("tiny.dcm").toFile();
        if (file.exists()) {
            return file.toPath();
        }
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
        list.write(file, TransferSyntax.ExplicitVRLittleEndian, true, true);
        return file.toPath();
    }

    private static double mean(List<double[]> rows, int column) {
        return rows.stream().mapToDouble(r -> r[column]).average().orElse(Double.NaN);
    }

    /** ours / dcmtk, or "-" where either is missing or dcmtk's net cost is below what start-up noise allows. */
    private static String ratio(double ours, double dcmtk) {
        return Double.isNaN(ours) || Double.isNaN(dcmtk) || dcmtk < 2 ? "-" : String.format("%.2f", ours / dcmtk);
    }

    private static String fmt(double ms) {
        return Double.isNaN(ms) ? "-" : String.format("%.1f", ms);
    }
}
