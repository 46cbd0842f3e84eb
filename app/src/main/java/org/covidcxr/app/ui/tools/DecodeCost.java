package org.covidcxr.app.ui.tools;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.display.SourceImage;

/**
 * CPU time of one decode, this project's against PixelMed's and dcmtk's. CPU time, because other jobs on a shared machine disturb it
 * far less than wall time: for Java the decoding thread's, best of several warm runs; for dcmtk its processes' user +
 * system time per run (mean of a batch, best of three batches) minus the same for a 1 × 1 image of the same file
 * (process start-up, dictionary loading), i.e. its net decode cost.
 */
final class DecodeCost {
    private static final int WARM_UP = 2;
    private static final int RUNS = 5;
    private static final int PROCESS_RUNS = 5;
    private static final int PROCESS_BATCHES = 3;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s");

    private DecodeCost() {
    }

    /** Best thread CPU time of a few warm runs, in ms. */
    static double javaMs(Callable<?> decode) throws Exception {
        for (int i = 0; i < WARM_UP; i++) {
            decode.call();
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) {
            long start = THREADS.getCurrentThreadCpuTime();
            decode.call();
            best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - start) / 1e6);
        }
        return best;
    }

    /**
     * PixelMed's own route (the whole object read and decompressed, then the first frame as an image), best of a few
     * warm runs in ms; empty where it cannot decode the file.
     */
    static OptionalDouble pixelMedMs(Path file) throws Exception {
        // SourceImage answers null, not an exception, for what it cannot decode (12-bit JPEG, JPEG-LS).
        Callable<Object> decode = () -> new SourceImage(file.toString()).getBufferedImage(0);
        try {
            if (decode.call() == null) {
                return OptionalDouble.empty();
            }
        } catch (DicomException | IOException e) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(javaMs(decode));
    }

    /** dcmtk's net CPU ms to decode {@code file} with {@code tool}; empty when dcmtk cannot decode it. */
    static OptionalDouble dcmtkNetMs(String tool, Path file, Path tiny) throws IOException, InterruptedException {
        OptionalDouble whole = processMs(tool, file);
        OptionalDouble startUp = processMs(tool, tiny);
        return whole.isPresent() && startUp.isPresent()
                ? OptionalDouble.of(whole.getAsDouble() - startUp.getAsDouble()) : OptionalDouble.empty();
    }

    private static OptionalDouble processMs(String tool, Path file) throws IOException, InterruptedException {
        double best = Double.MAX_VALUE;
        for (int batch = 0; batch < PROCESS_BATCHES; batch++) {
            String script = "for i in $(seq " + PROCESS_RUNS + "); do " + tool + " --quiet \"$1\" /dev/null || exit 3;"
                    + " done; times";
            Process p = new ProcessBuilder("bash", "-c", script, "decode", file.toString()).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                return OptionalDouble.empty();
            }
            // `times` prints the shell's user and system time, then its children's: "0m0.123s 0m0.045s".
            Matcher m = TIMES.matcher(out);
            double children = Double.NaN;
            while (m.find()) {
                children = (60 * Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2))
                        + 60 * Double.parseDouble(m.group(3)) + Double.parseDouble(m.group(4))) * 1000;
            }
            best = Math.min(best, children / PROCESS_RUNS);
        }
        return Double.isNaN(best) ? OptionalDouble.empty() : OptionalDouble.of(best);
    }
}
