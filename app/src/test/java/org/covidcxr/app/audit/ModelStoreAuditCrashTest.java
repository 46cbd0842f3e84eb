package org.covidcxr.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.covidcxr.app.home.AppHome;
import org.covidcxr.inference.JvmCommand;
import org.covidcxr.modelstore.BundledModels;
import org.covidcxr.modelstore.ModelStore;
import org.covidcxr.modelstore.ModelStoreEvent;
import org.covidcxr.modelstore.TestBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each store operation is run in a child JVM that the store halts at its 1st, 2nd, 3rd … durable step (every fsync
 * and rename), until one run completes. After every halt the store, reopened with the audit log listening, is either
 * as it was or changed, and the audit log says which: one line for a change in effect ("done", or recorded at the
 * reopen), none or an "interrupted" line for one that is not. The log's chain stays intact.
 */
class ModelStoreAuditCrashTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Exit status of a process the store halted ({@code CrashPoint.HALTED}). */
    private static final int HALTED = 86;
    private static final int MAX_STEPS = 200;

    @TempDir
    Path tmp;

    private record Operation(String action, String version, List<String> args, Predicate<ModelStore> changed) {
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void anOperationHaltedAtAnyDurableStepLeavesTheStoreOldOrNewAndTheAuditLogSaysWhich() throws Exception {
        Path baseline = tmp.resolve("baseline");
        ModelStore store = TestBundles.emptyStore(baseline);
        store.publish(TestBundles.sealed(tmp, "1.0.0", 20_000));
        store.publish(TestBundles.sealed(tmp, "2.0.0", 20_000));
        store.activate("1.0.0");
        store.activate("2.0.0");
        Path newFolder = TestBundles.sealed(tmp, "3.0.0", 20_000);
        Path zip = tmp.resolve("4.0.0.zip");
        ModelStore other = TestBundles.emptyStore(tmp.resolve("other"));
        other.publish(TestBundles.sealed(tmp, "4.0.0", 20_000));
        other.exportZip("4.0.0", zip);
        String otherSite = other.siteKey().orElseThrow().fingerprint();
        List<String> importTrusting = List.of("import", zip.toString(), otherSite);

        List<Operation> operations = List.of(
                new Operation("activated", "1.0.0", List.of("activate", "1.0.0"),
                        s -> s.activeVersion().orElse("").equals("1.0.0")),
                new Operation("rolled_back", "1.0.0", List.of("rollback"),
                        s -> s.activeVersion().orElse("").equals("1.0.0")),
                new Operation("published", "3.0.0", List.of("publish", newFolder.toString()),
                        s -> Files.isDirectory(s.root().resolve("3.0.0"))),
                new Operation("key_trusted", "4.0.0", importTrusting,
                        s -> s.trustedKeys().stream().anyMatch(k -> k.fingerprint().equals(otherSite))),
                new Operation("imported", "4.0.0", importTrusting,
                        s -> Files.isDirectory(s.root().resolve("4.0.0"))),
                new Operation("deleted", "1.0.0", List.of("delete", "1.0.0"),
                        s -> !Files.isDirectory(s.root().resolve("1.0.0"))));

        List<String> wrong = new ArrayList<>();
        TreeMap<String, Integer> halts = new TreeMap<>();
        for (Operation op : operations) {
            boolean completed = false;
            for (int step = 1; step <= MAX_STEPS && !completed; step++) {
                Path run = tmp.resolve(op.action() + "-" + step);
                Path root = run.resolve("store");
                copyTree(baseline, root);
                AppHome home = new AppHome(run.resolve("home"));
                List<String> args = new ArrayList<>(List.of(root.toString()));
                args.addAll(op.args());
                Process child = new ProcessBuilder(JvmCommand.of(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1",
                        "-Dcovidcxr.home=" + home.root(), "-Dcovidcxr.modelstore.haltAtStep=" + step),
                        AuditedStoreOperation.class, args)).redirectErrorStream(true)
                        .redirectOutput(run.resolve("child.log").toFile()).start();
                assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
                int exit = child.exitValue();
                assertThat(exit).as(op.action() + " at step " + step + ": " + Files.readString(
                        run.resolve("child.log"))).isIn(0, HALTED);
                completed = exit == 0;
                if (!completed) {
                    halts.merge(op.action(), 1, Integer::sum);
                }

                ModelStore reopened = ModelStore.open(root, ModelStore.Settings.defaults()
                        .withBundledModels(BundledModels.none())
                        .withListener(ModelChangeAudit.listener(AuditLog.open(home.auditLog()), "tester")));
                boolean changed = op.changed().test(reopened);
                List<JsonNode> lines = changeLines(home.auditLog(), op);
                String where = op.action() + " halted at step " + step + " (" + (changed ? "changed" : "unchanged")
                        + "): audit " + lines;
                if (changed) {
                    if (lines.size() != 1 || lines.get(0).get("outcome").asText()
                            .equals(ModelStoreEvent.Outcome.INTERRUPTED.description)) {
                        wrong.add(where);
                    }
                } else if (!lines.isEmpty() && !(lines.size() == 1 && lines.get(0).get("outcome").asText()
                        .equals(ModelStoreEvent.Outcome.INTERRUPTED.description))) {
                    wrong.add(where);
                }
                if (Files.exists(home.auditLog()) && !AuditVerifier.verify(home.auditLog()).intact()) {
                    wrong.add(where + ": audit chain broken");
                }
                if (completed && !changed) {
                    wrong.add(op.action() + " completed without changing the store");
                }
            }
            assertThat(completed).as(op.action() + " completes within " + MAX_STEPS + " steps").isTrue();
        }
        System.out.println("store operations halted at each durable step, by operation: " + halts);
        assertThat(wrong).isEmpty();
        assertThat(halts.values()).as("every operation was halted at its steps").allMatch(n -> n >= 2);
    }

    private static List<JsonNode> changeLines(Path log, Operation op) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            JsonNode node = JSON.readTree(line);
            if (node.path("type").asText().equals("model-change") && node.path("action").asText().equals(op.action())
                    && node.path("modelVersion").asText().equals(op.version())) {
                out.add(node);
            }
        }
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
