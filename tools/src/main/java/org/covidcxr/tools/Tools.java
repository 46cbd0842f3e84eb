package org.covidcxr.tools;

import org.covidcxr.inference.TensorFlowRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The developers' launcher: the commands that make, repackage and measure the shipped models. They are not part of
 * the product (the workstation's launcher is the app's {@code Main}); this module depends on inference, never the
 * other way round.
 */
@Command(name = "covidcxr-tools", mixinStandardHelpOptions = true,
        description = "Developer tools: reproduce and repackage the shipped models, train the lung segmenter, "
                + "benchmark.",
        subcommands = {DefaultModelRecipe.class, BundleRepackager.class, LungSegmenterTraining.class,
                LungCropCopy.class, InferenceBenchmark.class, FineTuneBenchmark.class, OneDnnBenchmark.class,
                PacsBenchmark.class, BatchBenchmark.class, ReleaseSigning.class, CommandLine.HelpCommand.class})
public final class Tools implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Name a command.");
    }

    public static void main(String[] args) {
        // Before any other thread starts: TensorFlow reads its settings from the process environment as it loads.
        TensorFlowRuntime.prepareEnvironment();
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Tools());
    }
}
