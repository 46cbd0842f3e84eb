package org.covidcxr.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.covidcxr.app.Main;
import org.covidcxr.app.home.AppHome;
import org.assertj.core.data.Offset;
import org.covidcxr.inference.evaluation.EvaluationReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code covidcxr batch} through the launcher, with the store's active (shipped) model on Spark in local mode: its
 * rows say what {@code predict} prints for the same files, its evaluation is {@code evaluate}'s, and the run is in
 * the audit log.
 */
class BatchCommandTest {
    private static final Path SHARED = Path.of(System.getProperty("covidcxr.shared.data", "../shared/data"));
    private static final Pattern PROBABILITY = Pattern.compile("^(\\S+\\.png)  \\(model|^  (covid|normal|pneumonia)"
            + "\\s+([0-9.]+)$", Pattern.MULTILINE);

    @TempDir
    Path tmp;

    /**
     * What the launcher hands the JVM that runs the job (where Spark is not on its class path): this command's own
     * arguments, from an {@code @file} too, a folder named "batch" kept.
     */
    @Test
    void theJobsJvmGetsTheCommandsOwnArguments() throws IOException {
        assertThat(childArgs("batch", "/archive", "--out", "/results")).containsExactly("/archive", "--out",
                "/results");
        assertThat(childArgs("batch", "batch", "--out", "/results")).containsExactly("batch", "--out", "/results");
        Path file = Files.writeString(tmp.resolve("args.txt"), "batch\n/archive\n--out\n/results\n");
        assertThat(childArgs("@" + file)).containsExactly("/archive", "--out", "/results");
    }

    private static List<String> childArgs(String... args) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args);
        return ((BatchCommand) parsed.subcommand().commandSpec().userObject()).childArgs();
    }

    @Test
    void theRowsSayWhatPredictPrintsAndTheEvaluationIsEvaluatesAndTheRunIsAudited() throws IOException {
        Path data = labelledFolder(8);
        Path store = tmp.resolve("store");
        Path results = tmp.resolve("results");
        Path report = tmp.resolve("report");

        Run batch = launch("batch", data.toString(), "--out", results.toString(), "--store", store.toString(),
                "--master", "local[2]", "--labels", data.toString(), "--split", "test", "--report", report.toString());
        assertThat(batch.exit()).as(batch.err()).isZero();
        assertThat(batch.out()).contains("Screening with model 1.1.1", "25 files, 25 screened", "analysed",
                "Evaluation of 24 labelled images");
        assertThat(batch.err()).as("every labelled image was analysed").doesNotContain("Not in the report");

        Run predict = launch(withPrefix(listImages(data), "predict", "--store", store.toString()));
        assertThat(predict.exit()).as(predict.err()).isZero();
        Map<String, Map<String, Double>> printed = printedProbabilities(predict.out());
        assertThat(printed).hasSize(24);
        SparkSession spark = SparkSession.builder().master("local[1]").getOrCreate();
        try {
            for (Row row : spark.read().parquet(results.toString()).collectAsList()) {
                String file = Path.of(row.<String>getAs("file")).getFileName().toString();
                if (!file.endsWith(".png")) {
                    continue;
                }
                Map<String, Double> p = row.getJavaMap(row.fieldIndex("probabilities"));
                p.forEach((c, v) -> assertThat(String.format(Locale.ROOT, "%.3f", v)).as(file + " " + c)
                        .isEqualTo(String.format(Locale.ROOT, "%.3f", printed.get(file).get(c))));
            }
        } finally {
            spark.stop();
        }

        Run evaluate = launch("evaluate", "--data", data.toString(), "--split", "test", "--store", store.toString(),
                "--out", tmp.resolve("evaluate").toString());
        assertThat(evaluate.exit()).as(evaluate.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        JsonNode fromBatch = json.readTree(report.resolve(EvaluationReport.JSON_FILE).toFile());
        JsonNode fromEvaluate = json.readTree(tmp.resolve("evaluate").resolve(EvaluationReport.JSON_FILE).toFile());
        for (String metric : List.of("accuracy", "macroF1")) {
            assertThat(fromBatch.at("/overall/" + metric).asDouble()).as(metric)
                    .isCloseTo(fromEvaluate.at("/overall/" + metric).asDouble(), Offset.offset(1e-9));
        }
        assertThat(fromBatch.at("/overall/images").asInt()).isEqualTo(24);

        List<String> audit = Files.readAllLines(AppHome.fromEnvironment().auditLog()).stream()
                .filter(l -> l.contains("\"type\":\"batch-run\"") && l.contains(results.toString())).toList();
        assertThat(audit).singleElement().asString().contains("\"modelVersion\":\"1.1.1\"", "\"files\":25",
                "\"analysed\":24", "\"unreadable\":1");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run launch(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** File name → class → probability, from predict's output. */
    private static Map<String, Map<String, Double>> printedProbabilities(String out) {
        Map<String, Map<String, Double>> printed = new java.util.HashMap<>();
        Matcher m = PROBABILITY.matcher(out);
        String file = null;
        while (m.find()) {
            if (m.group(1) != null) {
                file = Path.of(m.group(1)).getFileName().toString();
                printed.put(file, new java.util.HashMap<>());
            } else {
                printed.get(file).put(m.group(2), Double.parseDouble(m.group(3)));
            }
        }
        return printed;
    }

    /** Eight test-split images of each class with a manifest of their own (which is itself no image). */
    private Path labelledFolder(int perClass) throws IOException {
        Path cxr = SHARED.resolve("cxr");
        assumeTrue(Files.isDirectory(cxr), "shared test data missing at " + cxr.toAbsolutePath()
                + " (set -Dcovidcxr.shared.data)");
        Path data = Files.createDirectories(tmp.resolve("data"));
        StringBuilder manifest = new StringBuilder("file,label,source,patient_id,split\n");
        for (String label : List.of("covid", "normal", "pneumonia")) {
            List<String> lines = Files.readAllLines(cxr.resolve("manifest.csv")).stream().skip(1).map(String::strip)
                    .filter(l -> l.endsWith(",test") && l.split(",")[1].equals(label)).sorted().limit(perClass)
                    .toList();
            for (String line : lines) {
                String[] f = line.split(",");
                Path target = data.resolve(Path.of(f[0]).getFileName());
                Files.copy(cxr.resolve(f[0]), target);
                manifest.append(target.getFileName()).append(',').append(f[1]).append(',').append(f[2]).append(',')
                        .append(f[3]).append(",test\n");
            }
        }
        Files.writeString(data.resolve("manifest.csv"), manifest);
        return data;
    }

    private static List<String> listImages(Path data) throws IOException {
        List<String> files = new ArrayList<>();
        try (var all = Files.list(data)) {
            all.filter(p -> p.toString().endsWith(".png")).sorted().forEach(p -> files.add(p.toString()));
        }
        return files;
    }

    private static String[] withPrefix(List<String> files, String... prefix) {
        List<String> all = new ArrayList<>(List.of(prefix));
        all.addAll(files);
        return all.toArray(String[]::new);
    }
}
