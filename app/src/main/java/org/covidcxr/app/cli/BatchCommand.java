package org.covidcxr.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.covidcxr.app.audit.AuditEvent;
import org.covidcxr.app.audit.AuditLog;
import org.covidcxr.app.audit.ModelChangeAudit;
import org.covidcxr.app.home.AppHome;
import org.covidcxr.batch.BatchOptions;
import org.covidcxr.batch.BatchRunner;
import org.covidcxr.batch.ScreeningSummary;
import org.covidcxr.modelstore.BundleSignature;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code batch PATH… --out DIR}: screens an archive on Spark with a model from the store (by default the active one),
 * on this machine or a cluster ({@code --master}); the run is written to the audit log.
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
}
