package org.covidcxr.batch;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.covidcxr.inference.TensorFlowRuntime;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelStoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The job's entry point for {@code spark-submit --class org.covidcxr.batch.BatchMain} on a cluster, where there is no
 * model store: the model is a bundle folder (exported from a workstation's store and unpacked), verified here and
 * shipped to the executors. On one machine {@code covidcxr batch} does the same with the store's models.
 */
@Command(name = "covidcxr-batch", mixinStandardHelpOptions = true,
        description = {"Screen an archive of chest X-rays with a model bundle on Spark; one Parquet row per image.",
                "Exit 0: every file has its row; 1: the model failed on some images (a later run retries them); "
                        + "2: bad arguments, inputs or model."})
public final class BatchMain implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model bundle folder (model-card.json, saved_model/, checksums.sha256, signature.json).")
    Path model;

    @Mixin
    BatchOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(model)) {
            err.println("--model " + model + " is not a model bundle folder.");
            return BatchRunner.USAGE;
        }
        try {
            ModelBundle bundle = ModelBundles.open(model);
            if (ModelBundles.signature(bundle).isEmpty()) {
                err.println("Caution: the model folder " + model + " is not signed; its checksums are intact, but "
                        + "nothing shows who made it. Export signed models from a workstation's store.");
            }
            return BatchRunner.run(options, bundle, spec.commandLine().getOut(), err).exit();
        } catch (ModelStoreException e) {
            err.println(e.getMessage());
            return BatchRunner.USAGE;
        }
    }

    public static void main(String[] args) {
        // Before any other thread starts: TensorFlow reads its settings from the process environment as it loads.
        TensorFlowRuntime.prepareEnvironment();
        System.exit(new CommandLine(new BatchMain()).execute(args));
    }
}
