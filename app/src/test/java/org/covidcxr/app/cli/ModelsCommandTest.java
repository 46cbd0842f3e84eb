package org.covidcxr.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.covidcxr.app.TestModels;
import org.covidcxr.modelstore.BundledModels;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelCard;
import org.covidcxr.modelstore.ModelStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code models …} on real stores in temporary folders (fake weights: the store never runs a model). */
class ModelsCommandTest {

    @TempDir
    Path tmp;
    Path root;
    String out;
    String err;

    @BeforeEach
    void twoBundles() throws IOException {
        root = tmp.resolve("store");
        ModelStore store = ModelStore.open(root, settings());
        store.publish(TestModels.fakeBundle(tmp, "1.0.0"));
        store.publish(TestModels.fakeBundle(tmp, "1.1.0"));
    }

    @Test
    void listActivateRollback() {
        assertThat(run("list")).isZero();
        assertThat(out).contains("1.0.0", "1.1.0", "resnet-small", "0.420").doesNotContain("*");

        assertThat(run("activate", "1.0.0")).isZero();
        assertThat(run("activate", "1.1.0")).isZero();
        assertThat(out).contains("Active model: 1.1.0 (was 1.0.0)");
        assertThat(run("list")).isZero();
        assertThat(out.lines().filter(l -> l.startsWith("*"))).singleElement().asString().contains("1.1.0");

        assertThat(run("rollback")).isZero();
        assertThat(out).contains("active model is 1.0.0 (was 1.1.0)");
        assertThat(run("rollback")).isEqualTo(2);
        assertThat(err).contains("no earlier model to roll back to");
    }

    @Test
    void aShippedModelNewToTheStoreIsAddedWithoutActivatingItAndTheUserIsTold() throws IOException {
        Path install = Files.createDirectories(tmp.resolve("install"));
        Files.move(TestModels.fakeBundle(tmp, "2.0.0"), install.resolve("2.0.0"));

        assertThat(run(() -> settings().withBundledModels(BundledModels.fromDirectory(install)), "list")).isZero();

        assertThat(out).contains("1.0.0", "1.1.0", "2.0.0").doesNotContain("*");
        assertThat(err).contains("Model 2.0.0, shipped with this version of the workstation, was added", "not made active");
    }

    @Test
    void showPrintsTheModelCardReadably() {
        assertThat(run("show", "1.1.0")).isZero();
        assertThat(out).startsWith("Model 1.1.0 — resnet-small, input 224 × 224 × 1\n")
                .contains("Intended use: " + ModelCard.DEFAULT_INTENDED_USE, "Created 2026-01-01 00:00 UTC by test",
                        "Full record: " + root.resolve("1.1.0").resolve(ModelBundle.CARD_FILE));
        assertThat(run("show")).isEqualTo(2);
        assertThat(err).contains("No model is active", "models activate VERSION");
        assertThat(run("activate", "1.0.0")).isZero();
        assertThat(run("show")).isZero();
        assertThat(out).startsWith("Model 1.0.0 ");
    }

    @Test
    void exportImportAndDelete() {
        Path zip = tmp.resolve("1.1.0.zip");
        assertThat(run("export", "1.1.0", zip.toString())).isZero();
        assertThat(zip).isRegularFile();
        assertThat(run("delete", "1.1.0")).isZero();
        assertThat(run("import", zip.toString())).isZero();
        assertThat(out).contains("Imported 1.1.0", "models activate 1.1.0");
        assertThat(run("import", zip.toString())).isEqualTo(2);
        assertThat(err).contains("already exists");
    }

    @Test
    void anUnsignedFolderSuchAsTrainsOutputIsRefusedOnImportAndPublishedWithTheSitesKey() throws IOException {
        Path folder = TestModels.fakeBundle(tmp, "3.0.0");
        assertThat(run("import", folder.toString())).isEqualTo(1);
        assertThat(err).contains("is not signed", "models publish FOLDER");

        assertThat(run("publish", folder.toString())).isZero();
        assertThat(out).contains("Published 3.0.0", "signed with site key of ", "models activate 3.0.0");
        assertThat(run("list")).isZero();
        assertThat(out).contains("3.0.0");
    }

    @Test
    void anotherSitesModelIsImportedOnlyOnceItsKeyIsTrustedAndTheAuditLogRecordsTheTrust() throws IOException {
        ModelStore otherSite = ModelStore.open(tmp.resolve("other-site"), settings());
        otherSite.publish(TestModels.fakeBundle(tmp.resolve("other"), "2.0.0-site"));
        Path zip = tmp.resolve("2.0.0-site.zip");
        otherSite.exportZip("2.0.0-site", zip);
        String key = otherSite.siteKey().orElseThrow().fingerprint();
        Path home = tmp.resolve("home");

        assertThat(launch(home, "import", zip.toString())).isEqualTo(1);
        assertThat(err).contains("a key this model store does not trust", "--trust-key " + key);
        assertThat(launch(home, "import", zip.toString(), "--trust-key", "0".repeat(64))).isEqualTo(1);
        assertThat(launch(home, "import", zip.toString(), "--trust-key", key)).isZero();
        assertThat(out).contains("Imported 2.0.0-site");

        assertThat(launch(home, "keys")).isZero();
        assertThat(out).contains("This site signs what it publishes with: site key of ", key + "): trusted by the "
                + "user to import 2.0.0-site", "COVID-CXR release key");
        List<String> audit = Files.readAllLines(home.resolve("audit/audit.jsonl")).stream()
                .filter(line -> line.contains("2.0.0-site")).toList();
        assertThat(audit).hasSize(2);
        assertThat(audit.get(0)).contains("\"action\":\"key_trusted\"", key);
        assertThat(audit.get(1)).contains("\"action\":\"imported\"", "\"signingKey\":\"site key of ", key);
    }

    @Test
    void verifyFailsNamingTheChangedFileAndTheModelIsNotActivated() throws IOException {
        assertThat(run("verify")).isZero();
        assertThat(out).contains("OK      1.0.0", "OK      1.1.0");

        Path variables = root.resolve("1.1.0/saved_model/variables/variables.data-00000-of-00001");
        byte[] bytes = Files.readAllBytes(variables);
        bytes[3] ^= 1;
        Files.write(variables, bytes);

        assertThat(run("verify")).isEqualTo(1);
        assertThat(out).contains("FAILED  1.1.0", "variables.data-00000-of-00001: content changed");
        assertThat(run("activate", "1.1.0")).isEqualTo(1);
        assertThat(err).contains("variables.data-00000-of-00001");
    }

    @Test
    void usageErrorsExitWith2() {
        assertThat(run("activate", "9.9.9")).isEqualTo(2);
        assertThat(err).contains("no model version '9.9.9'");
        assertThat(run()).isEqualTo(2);
        assertThat(run("export", "1.0.0")).isEqualTo(2);
        assertThat(run("import", tmp.resolve("none.zip").toString())).isEqualTo(2);
    }

    @Test
    void theStoreOptionWorksBeforeOrAfterTheSubcommand() {
        CommandLine cli = new CommandLine(new ModelsCommand(ModelsCommandTest::settings));
        StringWriter text = new StringWriter();
        cli.setOut(new PrintWriter(text));
        assertThat(cli.execute("list", "--store", root.toString())).isZero();
        assertThat(text.toString()).contains("1.1.0");
    }

    @Test
    void modelChangesMadeThroughTheLauncherReachTheAuditLog() throws IOException {
        Path home = tmp.resolve("home");
        for (String[] args : List.of(new String[] {"activate", "1.0.0"}, new String[] {"activate", "1.1.0"},
                new String[] {"rollback"})) {
            assertThat(launch(home, args)).isZero();
        }
        // shipped versions this store never had are seeded (and audited) when it is first opened by the launcher
        List<String> audit = Files.readAllLines(home.resolve("audit/audit.jsonl")).stream()
                .filter(line -> !line.contains("\"action\":\"seeded\"")).toList();
        assertThat(audit).hasSize(3);
        assertThat(audit.get(0)).contains("activated", "1.0.0");
        assertThat(audit.get(2)).contains("rolled_back", "1.0.0");
        assertThat(org.covidcxr.app.Main.commandLine().execute("audit", "verify", "--log",
                home.resolve("audit/audit.jsonl").toString())).isZero();
    }

    @Test
    void aModelThatFailedItsCriteriaIsActivatedOnlyWithTheConfirmationAndTheAuditLogRecordsIt() throws IOException {
        Path home = tmp.resolve("home");
        ModelStore.open(root, settings()).publish(TestModels.failedSiteBundle(tmp, "1.2.0-site"));
        assertThat(launch(home, "activate", "1.0.0")).isZero();

        assertThat(launch(home, "activate", "1.2.0-site")).isEqualTo(2);
        assertThat(err).contains("failed its acceptance criteria", "--despite-failed-criteria");
        assertThat(ModelStore.open(root, settings()).activeVersion()).as("nothing changed").contains("1.0.0");

        assertThat(launch(home, "activate", "1.2.0-site", "--despite-failed-criteria")).isZero();
        assertThat(ModelStore.open(root, settings()).activeVersion()).contains("1.2.0-site");
        List<String> activations = Files.readAllLines(home.resolve("audit/audit.jsonl")).stream()
                .filter(line -> line.contains("\"action\":\"activated\"")).toList();
        assertThat(activations).hasSize(2);
        assertThat(activations.get(1)).contains("\"modelVersion\":\"1.2.0-site\"", "\"passed\":false",
                "\"override\":true", "COVID-19 AUROC", "Failed: worse by more than the allowed 0.05.",
                "\"activationConfirmed\":\"confirmed on the command line (--despite-failed-criteria)\"");
        assertThat(activations.get(0)).doesNotContain("activationConfirmed");
    }

    /** {@code models --store ROOT ARGS} through the launcher, whose store audits into {@code home}'s log. */
    private int launch(Path home, String... args) {
        String before = System.getProperty("covidcxr.home");
        System.setProperty("covidcxr.home", home.toString());
        try {
            CommandLine cli = org.covidcxr.app.Main.commandLine();
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            cli.setOut(new PrintWriter(o));
            cli.setErr(new PrintWriter(e));
            List<String> all = new ArrayList<>(List.of("models", "--store", root.toString()));
            all.addAll(List.of(args));
            int code = cli.execute(all.toArray(String[]::new));
            out = o.toString();
            err = e.toString();
            return code;
        } finally {
            if (before == null) {
                System.clearProperty("covidcxr.home");
            } else {
                System.setProperty("covidcxr.home", before);
            }
        }
    }

    private int run(String... args) {
        return run(ModelsCommandTest::settings, args);
    }

    private int run(Supplier<ModelStore.Settings> settings, String... args) {
        List<String> all = new ArrayList<>(List.of("--store", root.toString()));
        all.addAll(List.of(args));
        CommandLine cli = new CommandLine(new ModelsCommand(settings));
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cli.setOut(new PrintWriter(o));
        cli.setErr(new PrintWriter(e));
        int code = cli.execute(all.toArray(String[]::new));
        out = o.toString();
        err = e.toString();
        return code;
    }

    private static ModelStore.Settings settings() {
        return ModelStore.Settings.defaults().withBundledModels(BundledModels.none());
    }

}
