package org.covidcxr.batch;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.evaluation.EvaluationReport;
import org.covidcxr.modelstore.ModelBundle;

/**
 * Runs one archive screening from the command line: starts Spark (this machine unless told otherwise), screens,
 * prints progress and the summary, and with labels writes the evaluation report.
 */
public final class BatchRunner {
    /** The job ran; every file has its row. */
    public static final int OK = 0;
    /** The job ran, but the model failed on some images: a later run tries them again. */
    public static final int SOME_FAILED = 1;
    /** Bad arguments, inputs or model. */
    public static final int USAGE = 2;

    private BatchRunner() {
    }

    /** The run's summary, or the exit status when it could not run. */
    public record Outcome(int exit, Optional<ScreeningSummary> summary) {
    }

    public static Outcome run(BatchOptions options, ModelBundle bundle, PrintWriter out, PrintWriter err) {
        if (options.inputs.isEmpty() && options.lists.isEmpty()) {
            err.println("Name the files or folders to screen, or a list of them with --list.");
            return new Outcome(USAGE, Optional.empty());
        }
        Optional<byte[]> secret;
        try {
            secret = options.pseudonymKey == null ? Optional.empty()
                    : Optional.of(Files.readAllBytes(options.pseudonymKey));
        } catch (IOException e) {
            err.println("Cannot read the pseudonym key " + options.pseudonymKey + " (" + e.getMessage() + ").");
            return new Outcome(USAGE, Optional.empty());
        }
        Optional<List<LabelledImage>> labelled;
        try {
            // Read before the run: a manifest that cannot be used must not cost a whole screening first.
            labelled = options.labels == null ? Optional.empty()
                    : Optional.of(ArchiveEvaluation.labelled(options.labels, Optional.ofNullable(options.split)));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println(e.getMessage());
            return new Outcome(USAGE, Optional.empty());
        }
        SparkSession.Builder builder = SparkSession.builder().appName("covidcxr batch " + bundle.version())
                .config("spark.ui.showConsoleProgress", "false");
        String master = options.masterGiven() ? options.master
                : new SparkConf().getOption("spark.master").getOrElse(() -> "local[*]");
        builder.master(master);
        if (master.startsWith("local")) {
            // One machine: the driver's ports stay on this machine, and a host without a network still runs it.
            builder.config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1");
        }
        SparkSession spark = builder.getOrCreate();
        try {
            out.println("Screening with model " + bundle.version() + " on Spark " + spark.version() + " ("
                    + spark.sparkContext().master() + spark.sparkContext().uiWebUrl().map(u -> ", progress at " + u)
                    .getOrElse(() -> "") + ") into " + options.out);
            out.flush();
            ScreeningSummary summary;
            try {
                summary = ArchiveScreening.run(spark, new ArchiveScreening.Settings(options.inputs, options.lists,
                        options.out, bundle, options.anyway, options.partitions, secret), line -> {
                            out.println("  " + line);
                            out.flush();
                        });
            } catch (IOException | IllegalArgumentException e) {
                err.println(e.getMessage());
                return new Outcome(USAGE, Optional.empty());
            } catch (Exception e) {
                // Spark's own failures (a job aborted, unreadable results) arrive undeclared from its Scala API.
                err.println("The screening job failed, and this run wrote no rows: " + rootCause(e) + " Earlier "
                        + "results in " + options.out + " are unchanged.");
                return new Outcome(USAGE, Optional.empty());
            }
            out.print(summary.text());
            out.flush();
            // From here on the run's rows exist: whatever happens, the caller gets the summary to record.
            if (labelled.isPresent() && !evaluate(spark, options, bundle, labelled.get(), out, err)) {
                return new Outcome(USAGE, Optional.of(summary));
            }
            return new Outcome(summary.failures() > 0 ? SOME_FAILED : OK, Optional.of(summary));
        } finally {
            spark.stop();
        }
    }

    /** The innermost message, where the problem is named (Spark wraps a task's failure several times). */
    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }

    private static boolean evaluate(SparkSession spark, BatchOptions options, ModelBundle bundle,
                                    List<LabelledImage> labelled, PrintWriter out, PrintWriter err) {
        ArchiveEvaluation.Result result;
        try {
            result = ArchiveEvaluation.evaluate(spark, options.out, bundle, labelled,
                    options.labels.getFileName() + Optional.ofNullable(options.split).map(s -> " ('" + s + "' split)")
                            .orElse(""));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("The screening is done, but the evaluation could not be made: " + e.getMessage());
            return false;
        }
        result.missing().forEach(m -> err.println("Not in the report: " + m));
        Path folder = options.report != null ? options.report : Path.of("evaluation-" + bundle.version());
        try {
            result.report().writeTo(folder);
        } catch (IOException e) {
            err.println("Cannot write the report to " + folder + ": " + e.getMessage() + ". Choose a writable folder "
                    + "with --report.");
            return false;
        }
        out.println("Evaluation of " + result.report().overall().images() + " labelled images: "
                + folder.resolve(EvaluationReport.MARKDOWN_FILE));
        out.flush();
        return true;
    }
}
