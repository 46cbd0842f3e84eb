package org.covidcxr.modelstore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a writing child JVM ({@code destroyForcibly}, i.e. SIGKILL) at random moments, many times; after every kill
 * the store must open, list only complete bundles, and hand out a verified active model.
 */
class CrashSafetyTest {

    private static final int KILLS = 25;

    @TempDir
    Path tmp;

    @Test
    void aKilledWriterNeverLeavesTheStoreBroken() throws Exception {
        Path root = tmp.resolve("store");
        ModelStore initial = TestBundles.emptyStore(root);
        initial.publish(TestBundles.sealed(tmp, "1.0.0", 100_000));
        initial.activate("1.0.0");
        Random random = new Random(42);
        int killedMidWrite = 0;

        for (int kill = 0; kill < KILLS; kill++) {
            // Cycle through the operations so that each is interrupted several times, at a random moment inside.
            String target = "step " + StoreWriterProcess.OPERATIONS.get(kill % StoreWriterProcess.OPERATIONS.size());
            Process child = StoreWriterProcess.command(root, tmp.resolve("work" + kill), "k" + kill, -1).start();
            ChildOutput output = new ChildOutput(child, target);
            assertThat(output.reached.await(60, TimeUnit.SECONDS)).as("child reached '%s':%n%s", target, output)
                    .isTrue();
            Thread.sleep(random.nextInt(60));
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            output.thread.join(5000);
            assertThat(output.toString()).as("the child failed by itself").doesNotContain("Exception");

            if (hasLeftovers(root)) {
                killedMidWrite++;
            }
            ModelStore store = TestBundles.emptyStore(root);
            assertThat(hasLeftovers(root)).as("leftovers removed on open").isFalse();
            List<VerificationReport> reports = store.verify();
            assertThat(reports).as("after kill %d at %s", kill, target)
                    .allSatisfy(r -> assertThat(r.problems()).isEmpty());
            assertThat(store.list()).extracting(BundleSummary::version)
                    .containsExactlyElementsOf(reports.stream().map(VerificationReport::version).toList());
            ModelBundle active = store.requireActive();
            assertThat(ModelBundles.open(active.directory()).version()).isEqualTo(active.version());
        }
        assertThat(killedMidWrite).as("some kills interrupted a write in progress").isPositive();
    }

    /** Collects a child's output and signals when a given line appears. */
    static final class ChildOutput {
        final CountDownLatch reached = new CountDownLatch(1);
        final Thread thread;
        private final StringBuffer text = new StringBuffer();

        ChildOutput(Process child, String awaitedLine) {
            thread = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        text.append(line).append('\n');
                        if (line.equals(awaitedLine)) {
                            reached.countDown();
                        }
                    }
                } catch (IOException e) {
                    // the child was killed: its pipe closed
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private static boolean hasLeftovers(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.startsWith(".staging-") || n.startsWith(".trash-") || n.startsWith(".tmp-"));
        }
    }
}
