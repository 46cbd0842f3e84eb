package org.covidcxr.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.covidcxr.modelstore.BundleIntegrityException;
import org.covidcxr.modelstore.BundleProblem;
import org.covidcxr.modelstore.BundleSummary;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelCard;
import org.covidcxr.modelstore.ModelCardText;
import org.covidcxr.modelstore.ModelStore;
import org.covidcxr.modelstore.ModelStoreException;
import org.covidcxr.modelstore.UnsafeArchiveException;
import org.covidcxr.modelstore.UntrustedBundleException;
import org.covidcxr.modelstore.TrustedKey;
import org.covidcxr.modelstore.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code models list | activate V | rollback | import FILE | publish DIR | export V FILE | verify | delete V | keys}:
 * the model store from the command line. Exit codes: 0 done; 1 a bundle or archive failed verification, or its
 * signature was refused; 2 usage error (unknown version, nothing to roll back to, file exists …).
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"Manage the versioned model store: list, show, activate, roll back, import, publish, export, "
                + "verify, delete; list the trusted signing keys.",
                "Exit 0: done; 1: verification failed or the signature was refused; 2: usage error."},
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Show.class, ModelsCommand.Activate.class,
                ModelsCommand.Rollback.class, ModelsCommand.Import.class, ModelsCommand.Publish.class,
                ModelsCommand.Export.class, ModelsCommand.Verify.class, ModelsCommand.Delete.class,
                ModelsCommand.Keys.class})
public final class ModelsCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int VERIFICATION_FAILED = 1;
    static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--store", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Model store folder (default: $COVIDCXR_MODEL_STORE or ~/.local/share/covidcxr/models).")
    private Path store;

    private final Supplier<ModelStore.Settings> settings;

    /** Opens stores with default settings (seeding from the bundled model, no listeners). */
    public ModelsCommand() {
        this(ModelStore.Settings::defaults);
    }

    /** Opens stores with the given settings, e.g. with a listener that writes every change to the audit log. */
    public ModelsCommand(Supplier<ModelStore.Settings> settings) {
        this.settings = settings;
    }

    /** Without a subcommand: show what is available. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    private ModelStore open() {
        return store != null ? ModelStore.open(store, settings.get()) : ModelStore.openDefault(settings.get());
    }

    /** Shared by the subcommands: runs one store operation and maps its failure to an exit code and a message. */
    abstract static class StoreCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        ModelsCommand parent;

        @Override
        public final Integer call() {
            try {
                ModelStore store = parent.open();
                store.bundledModelNotices().forEach(n -> spec.commandLine().getErr().println(n.message()));
                return run(store, spec.commandLine().getOut());
            } catch (BundleIntegrityException | UnsafeArchiveException | UntrustedBundleException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return VERIFICATION_FAILED;
            } catch (ModelStoreException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return USAGE;
            }
        }

        abstract int run(ModelStore store, PrintWriter out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the models ('*' marks the active one).")
    static final class ListModels extends StoreCommand {
        @Override
        int run(ModelStore store, PrintWriter out) {
            List<BundleSummary> models = store.list();
            out.println("Model store: " + store.root());
            if (models.isEmpty()) {
                out.println("No models. Import one with `models import FILE`.");
                return OK;
            }
            // Columns as wide as their longest entry (site versions such as 1.1.0-site-20261126 are long).
            int version = width("VERSION", models.stream().map(BundleSummary::version).toList());
            int parent = width("PARENT", models.stream().map(m -> m.card().parent().orElse("-")).toList());
            int by = width("BY", models.stream().map(m -> orDash(m.card().createdBy())).toList());
            String format = "%1s %-" + version + "s %-16s %-17s %-" + by + "s %-" + parent + "s %9s%n";
            out.printf(format, "", "VERSION", "ARCHITECTURE", "CREATED (UTC)", "BY", "PARENT", "THRESHOLD");
            for (BundleSummary m : models) {
                ModelCard card = m.card();
                out.printf(Locale.ROOT, format, m.active() ? "*" : "", m.version(), orDash(card.architecture()),
                        ModelCardText.created(card), orDash(card.createdBy()),
                        card.parent().orElse("-"), String.format(Locale.ROOT, "%.3f", card.operatingThreshold()));
            }
            return OK;
        }

        private static String orDash(String s) {
            return s == null || s.isBlank() ? "-" : s;
        }

        private static int width(String header, List<String> values) {
            return Math.max(header.length(), values.stream().mapToInt(String::length).max().orElse(0));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print a version's model card: intended use, training data, results, limitations.")
    static final class Show extends StoreCommand {
        @Parameters(paramLabel = "V", description = "Version to show (default: the active one).", arity = "0..1")
        String version;

        @Override
        int run(ModelStore store, PrintWriter out) {
            ModelBundle bundle = version == null ? store.requireActive() : store.bundle(version);
            out.print(ModelCardText.render(bundle.card()));
            out.println("Full record: " + bundle.directory().resolve(ModelBundle.CARD_FILE));
            return OK;
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true,
            description = "Verify a version and make it the active model.")
    static final class Activate extends StoreCommand {
        @Parameters(paramLabel = "V", description = "Version to activate.")
        String version;

        @Mixin
        FailedCriteriaConsent consent;

        @Override
        int run(ModelStore store, PrintWriter out) {
            String before = store.activeVersion().orElse("none");
            ModelBundle bundle = store.activate(version, consent.confirmation());
            out.println("Active model: " + bundle.version() + " (was " + before + ").");
            return OK;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Re-activate the model that was active before the current one.")
    static final class Rollback extends StoreCommand {
        @Mixin
        FailedCriteriaConsent consent;

        @Override
        int run(ModelStore store, PrintWriter out) {
            String before = store.activeVersion().orElse("none");
            ModelBundle bundle = store.rollback(consent.confirmation());
            out.println("Rolled back: active model is " + bundle.version() + " (was " + before + ").");
            return OK;
        }
    }

    /** The command line's explicit confirmation for putting into use a model that failed its acceptance criteria. */
    static final class FailedCriteriaConsent {
        @Option(names = "--despite-failed-criteria", description = "Confirm putting into use a site model that "
                + "failed its acceptance criteria (published with an override); the audit log records it.")
        boolean given;

        Optional<String> confirmation() {
            return given ? Optional.of("confirmed on the command line (--despite-failed-criteria)") : Optional.empty();
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a signed bundle archive (.zip) or folder from elsewhere after checking its "
                    + "checksums and signature; it is not activated.")
    static final class Import extends StoreCommand {
        @Parameters(paramLabel = "FILE|DIR", description = "Bundle archive written by `models export`, or a bundle "
                + "folder.")
        Path file;

        @Option(names = "--trust-key", paramLabel = "FINGERPRINT", description = "Trust the signer's key with this "
                + "fingerprint (compare it with the key's owner first); the audit log records it.")
        String trustKey;

        @Override
        int run(ModelStore store, PrintWriter out) {
            ModelBundle bundle = store.importBundle(file, Optional.ofNullable(trustKey));
            out.println("Imported " + bundle.version() + " into " + store.root() + ". Activate it with `models "
                    + "activate " + bundle.version() + "`.");
            return OK;
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Add a sealed bundle folder this site trained (e.g. OUT/bundle of `train`), signed with the "
                    + "site's key; it is not activated.")
    static final class Publish extends StoreCommand {
        @Parameters(paramLabel = "DIR", description = "Sealed bundle folder.")
        Path folder;

        @Override
        int run(ModelStore store, PrintWriter out) {
            ModelBundle bundle = store.publish(folder);
            out.println("Published " + bundle.version() + " into " + store.root() + ", signed with "
                    + store.siteKey().map(TrustedKey::describe).orElse("the site's key") + ". Activate it with `models "
                    + "activate " + bundle.version() + "`.");
            return OK;
        }
    }

    @Command(name = "keys", mixinStandardHelpOptions = true,
            description = "List the keys whose signed models this store imports, and this site's own key.")
    static final class Keys extends StoreCommand {
        @Override
        int run(ModelStore store, PrintWriter out) {
            out.println("This site signs what it publishes with: " + store.siteKey().map(TrustedKey::describe)
                    .orElse("no key yet (one is made at the first publish)"));
            out.println("Trusted keys:");
            store.trustedKeys().forEach(k -> out.println("  " + k.describe() + ": " + k.how() + ", since "
                    + k.trustedAt()));
            return OK;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write a verified bundle to a .zip file.")
    static final class Export extends StoreCommand {
        @Parameters(index = "0", paramLabel = "V", description = "Version to export.")
        String version;

        @Parameters(index = "1", paramLabel = "FILE", description = "Archive to write (must not exist).")
        Path file;

        @Override
        int run(ModelStore store, PrintWriter out) {
            store.exportZip(version, file);
            out.println("Exported " + version + " to " + file + ".");
            return OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check every bundle's checksums. Exit 1 if any bundle fails.")
    static final class Verify extends StoreCommand {
        @Override
        int run(ModelStore store, PrintWriter out) {
            List<VerificationReport> reports = store.verify();
            String active = store.activeVersion().orElse(null);
            out.println("Model store: " + store.root());
            boolean failed = false;
            for (VerificationReport r : reports) {
                String marker = r.version().equals(active) ? " (active)" : "";
                if (r.ok()) {
                    out.println("OK      " + r.version() + marker);
                } else {
                    failed = true;
                    out.println("FAILED  " + r.version() + marker);
                    for (BundleProblem p : r.problems()) {
                        out.println("        " + p);
                    }
                }
            }
            if (active != null && reports.stream().noneMatch(r -> r.version().equals(active))) {
                failed = true;
                out.println("FAILED  the active model " + active + " is missing; run `models activate VERSION`.");
            }
            if (reports.isEmpty()) {
                out.println("No models.");
            }
            return failed ? VERIFICATION_FAILED : OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a version that is not active.")
    static final class Delete extends StoreCommand {
        @Parameters(paramLabel = "V", description = "Version to delete.")
        String version;

        @Override
        int run(ModelStore store, PrintWriter out) {
            store.delete(version);
            out.println("Deleted " + version + " from " + store.root() + ".");
            return OK;
        }
    }
}
