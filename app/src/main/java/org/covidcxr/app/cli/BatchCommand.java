package org.covidcxr.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.covidcxr.app.audit.AuditEvent;
import org.covidcxr.app.audit.AuditLog;
import org.covidcxr.app.audit.ModelChangeAudit;
import org.covidcxr.app.home.AppHome;
import org.covidcxr.batch.BatchOptions;
import org.covidcxr.batch.BatchRunner;
import org.covidcxr.batch.ScreeningSummary;
import org.covidcxr.batch.SparkJvm;
import org.covidcxr.inference.TensorFlowRuntime;
import org.covidcxr.modelstore.BundleSignature;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelStoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code batch PATH… --out DIR}: screens an archive on Spark with a model from the store (by default the active one),
 * on this machine or a cluster ({@code --master}); the run is written to the audit log. The launcher keeps Spark off
 * its class path, so that the workstation does not pay for it at every start: from there the command runs in a JVM of
 * its own ({@link SparkJvm}), through {@link #main}.
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Screen an archive of chest X-rays on Apache Spark with the workstation's intake and model: "
                + "one Parquet row per image (file, SHA-256, model, probabilities, verdict, or why it was not "
                + "analysed). A re-run skips images this model already screened.",
                "Exit 0: every file has its row; 1: the model failed on some images (a later run retries them); "
                        + "2: bad arguments, inputs, model or audit log."})
public final class BatchCommand implements Callable<Integer> {

    @Mixin
    private ModelChoice model;

    @Mixin
    private BatchOptions options;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!SparkJvm.onClassPath()) {
            return SparkJvm.isChild() ? sparkIncomplete(err) : inSparkJvm(err);
        }
        ModelBundle bundle;
        AuditLog audit;
        try {
            bundle = model.resolve();
            audit = AuditLog.open(AppHome.fromEnvironment().auditLog());
        } catch (ModelStoreException e) {
            err.println(e.getMessage());
            return BatchRunner.USAGE;
        } catch (IOException e) {
            err.println("The audit log cannot be used (" + e.getMessage() + "); a screening run is never made "
                    + "unaudited. Run 'covidcxr audit verify' and ask support.");
            return BatchRunner.USAGE;
        }
        BatchRunner.Outcome outcome = BatchRunner.run(options, bundle, spec.commandLine().getOut(), err);
        if (outcome.summary().isPresent()) {
            ScreeningSummary s = outcome.summary().get();
            try {
                audit.append(new AuditEvent.BatchRun(Instant.now(), ModelChangeAudit.user(), bundle.version(),
                        bundle.checksum(), ModelBundles.signature(bundle).map(BundleSignature::describe)
                        .orElse("unsigned"), s.run(), options.output(), s.listed(), s.skipped(), s.byStatus()));
            } catch (IOException e) {
                err.println("The run is done, but could not be written to the audit log " + audit.file() + " ("
                        + e.getMessage() + "). Its rows carry the run " + s.run() + ".");
                return BatchRunner.USAGE;
            }
        }
        return outcome.exit();
    }

    private int inSparkJvm(PrintWriter err) {
        Path spark = SparkJvm.library();
        if (!Files.isDirectory(spark)) {
            err.println("Apache Spark is not part of this installation (no folder " + spark + "), so archives cannot "
                    + "be screened here. Reinstall the workstation, or run the job with spark-submit (docs/batch.md).");
            return BatchRunner.USAGE;
        }
        try {
            return SparkJvm.run(SparkJvm.command(spark, BatchCommand.class, childArgs()), options.onThisMachine(),
                    spec.commandLine().getOut(), err);
        } catch (IOException e) {
            err.println("The screening process could not be started (" + e.getMessage() + ").");
            return BatchRunner.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("Interrupted: the screening process was stopped.");
            return BatchRunner.USAGE;
        }
    }

    /** This command's own arguments (any {@code @file} expanded), for the JVM that runs it with Spark. */
    List<String> childArgs() {
        return spec.commandLine().getParseResult().expandedArgs();
    }

    private int sparkIncomplete(PrintWriter err) {
        err.println("Apache Spark's jars in " + SparkJvm.library() + " are incomplete, so archives cannot be screened "
                + "here. Reinstall the workstation.");
        return BatchRunner.USAGE;
    }

    /** The command in the JVM that {@link SparkJvm} starts, with Spark on its class path. */
    public static void main(String[] args) {
        // Before any other thread starts: TensorFlow reads its settings from the process environment as it loads.
        TensorFlowRuntime.prepareEnvironment();
        SparkJvm.endWithParent();
        System.exit(new CommandLine(new BatchCommand()).execute(args));
    }
}
