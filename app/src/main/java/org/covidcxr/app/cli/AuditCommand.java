package org.covidcxr.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.covidcxr.app.audit.AuditVerifier;
import org.covidcxr.app.home.AppHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code audit verify}: checks the audit log's hash chain and names the first bad line. */
@Command(name = "audit", description = "Audit log tools.", mixinStandardHelpOptions = true,
        subcommands = AuditCommand.Verify.class)
public final class AuditCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the audit log's hash chain. Exit 0: intact; 1: tampered (the first bad line is named); "
                    + "2: the log cannot be read.")
    static final class Verify implements Callable<Integer> {

        @Option(names = "--log", paramLabel = "FILE",
                description = "Audit log to check (default: the workstation's, under ~/.covidcxr or $COVIDCXR_HOME).")
        private Path log;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path file = log != null ? log : AppHome.fromEnvironment().auditLog();
            if (!Files.isRegularFile(file)) {
                err.println("No audit log at " + file + ". Give the right file with --log.");
                return 2;
            }
            try {
                AuditVerifier.Result result = AuditVerifier.verify(file);
                if (result.intact()) {
                    out.println("Audit log intact: " + result.entries() + " entries in " + file);
                    return 0;
                }
                out.println("Audit log TAMPERED: " + file + " line " + result.firstBadLine() + ": "
                        + result.problem() + ". The " + result.entries() + " lines before it are intact.");
                return 1;
            } catch (IOException e) {
                err.println("Cannot read the audit log " + file + ": " + e.getMessage());
                return 2;
            }
        }
    }
}
