package org.covidcxr.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.covidcxr.inference.JvmCommand;
import org.covidcxr.inference.TensorFlowRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * Serving and training speed with TensorFlow's oneDNN CPU kernels off (the product's setting) and on, side by side in
 * one run. The choice is made once per process as TensorFlow loads, so each measurement is an {@link
 * InferenceBenchmark} in a JVM of its own on this JVM's class path; the two settings alternate, {@code --rounds}
 * times each, and the median of each figure is compared. Every other argument goes to {@link InferenceBenchmark}.
 */
@Command(name = "benchmark-onednn", mixinStandardHelpOptions = true,
        description = {"Serving and training speed with TensorFlow's oneDNN CPU kernels off (the product's setting) "
                + "and on, each in JVMs of its own.",
                "Every other option goes to " + InferenceBenchmark.NAME + " (e.g. --model, --data, --train-steps)."})
public final class OneDnnBenchmark implements Callable<Integer> {
    private enum Figure {
        SESSION_P50("TF Java session call only, 1 image, p50 (ms)",
                "TF Java session call only \\(prepared tensor\\)\\s+([0-9.]+)"),
        DJL_P50("DJL path with Grad-CAM, 1 image, p50 (ms)",
                "DJL path: preprocess \\+ probabilities \\+ Grad-CAM maps\\s+([0-9.]+)"),
        BATCH32("TF Java session call only, batch 32 (images/s)",
                "batch 32: DJL path [0-9.]+ images/s, TF Java call only ([0-9.]+)"),
        TRAINING("training, batch 16 (images/s)", "training throughput \\(.*\\): ([0-9.]+) images/s");

        final String label;
        final Pattern pattern;

        Figure(String label, String regex) {
            this.label = label;
            this.pattern = Pattern.compile(regex);
        }
    }

    private static final int RUN_LIMIT_MINUTES = 30;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Runs with each setting, alternating (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Unmatched
    private List<String> passOn = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Map<Figure, List<Double>> off = new EnumMap<>(Figure.class);
        Map<Figure, List<Double>> on = new EnumMap<>(Figure.class);
        for (int round = 1; round <= rounds; round++) {
            for (boolean oneDnn : new boolean[] {round % 2 == 1, round % 2 == 0}) {
                System.out.printf(Locale.ROOT, "round %d of %d, oneDNN %s ...%n", round, rounds, oneDnn ? "on" : "off");
                collect(measure(oneDnn, passOn), oneDnn ? on : off);
            }
        }
        System.out.printf(Locale.ROOT, "%n%-50s %10s %10s %12s%n", "median of " + rounds + " runs each", "oneDNN off",
                "oneDNN on", "on / off");
        for (Figure figure : Figure.values()) {
            double a = median(off.getOrDefault(figure, List.of()));
            double b = median(on.getOrDefault(figure, List.of()));
            System.out.printf(Locale.ROOT, "%-50s %10.2f %10.2f %12.3f%n", figure.label, a, b, b / a);
        }
        System.out.println("(times: a ratio above 1 means oneDNN is slower; images/s: above 1 means faster)");
        return 0;
    }

    private static String measure(boolean oneDnn, List<String> args) throws IOException, InterruptedException {
        List<String> toolArgs = new ArrayList<>(List.of(InferenceBenchmark.NAME));
        toolArgs.addAll(args);
        List<String> command = JvmCommand.of(List.of("-Xmx3g", "-Djava.awt.headless=true",
                "-D" + TensorFlowRuntime.ONEDNN_PROPERTY + "=" + (oneDnn ? "on" : "off")), Tools.class, toolArgs);
        Path log = Files.createTempFile("onednn-benchmark", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(RUN_LIMIT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("InferenceBenchmark still running after " + RUN_LIMIT_MINUTES
                        + " minutes:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("InferenceBenchmark exited with " + process.exitValue() + ":\n"
                        + output);
            }
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void collect(String output, Map<Figure, List<Double>> into) {
        for (Figure figure : Figure.values()) {
            Matcher m = figure.pattern.matcher(output);
            if (m.find()) {
                into.computeIfAbsent(figure, f -> new ArrayList<>()).add(Double.parseDouble(m.group(1)));
            }
        }
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
