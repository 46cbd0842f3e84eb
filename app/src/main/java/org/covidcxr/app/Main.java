package org.covidcxr.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.covidcxr.app.audit.ModelChangeAudit;
import org.covidcxr.app.cli.AuditCommand;
import org.covidcxr.app.cli.BatchCommand;
import org.covidcxr.app.cli.EvaluateCommand;
import org.covidcxr.app.cli.ModelsCommand;
import org.covidcxr.app.cli.PacsCommand;
import org.covidcxr.app.cli.PredictCommand;
import org.covidcxr.app.cli.TrainCommand;
import org.covidcxr.app.selftest.SelfTest;
import org.covidcxr.app.ui.startup.WorkstationLauncher;
import org.covidcxr.app.ui.tools.BenchmarkCommand;
import org.covidcxr.app.ui.tools.ScreenshotCommand;
import org.covidcxr.inference.TensorFlowRuntime;
import org.covidcxr.modelstore.ModelStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The one launcher. Without a subcommand it starts the workstation (opening the files given); subcommands run the
 * command-line tools. Deliberately not a JavaFX {@code Application}, so it starts from a plain class path.
 */
@Command(name = "covidcxr", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "COVID-19 chest X-ray workstation. Without a command: start the workstation.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, BatchCommand.class,
                ModelsCommand.class, AuditCommand.class, PacsCommand.class, ScreenshotCommand.class,
                BenchmarkCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Images or folders to open (DICOM, PNG, JPEG).")
    private List<Path> files = List.of();

    @Option(names = "--self-test", description = "Check this installation offline (native TensorFlow, the active "
            + "model, a synthetic chest image analysed twice), print one PASS/FAIL line and exit 0/1.")
    private boolean selfTest;

    @Override
    public Integer call() {
        if (selfTest) {
            SelfTest.Outcome outcome = new SelfTest(() -> ModelStore.openDefault(ModelChangeAudit.storeSettings())).run();
            System.out.println(outcome.line());
            return outcome.exitCode();
        }
        Optional<String> noDisplay = WorkstationLauncher.noDisplay();
        if (noDisplay.isPresent()) {
            System.err.println(noDisplay.get() + " The command-line tools need no display: covidcxr --help.");
            return 2;
        }
        WorkstationLauncher.launch(files);
        return 0;
    }

    public static void main(String[] args) {
        // Before any other thread starts: TensorFlow reads its settings from the process environment as it loads.
        TensorFlowRuntime.prepareEnvironment();
        System.exit(commandLine().execute(args));
    }

    /** The full command tree; tests and the installer's self-test use it too. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == ModelsCommand.class ? type.cast(new ModelsCommand(ModelChangeAudit::storeSettings))
                        : CommandLine.defaultFactory().create(type);
            }
        });
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"covidcxr " + (v == null ? "development build" : v)};
        }
    }
}
