package org.covidcxr.modelstore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Two writer processes and a reader share one store: the lock serialises writers, readers see complete bundles. */
class ConcurrentAccessTest {

    private static final int ITERATIONS = 3;

    @TempDir
    Path tmp;

    @Test
    void writersInTwoProcessesAndAReaderShareTheStore() throws Exception {
        Path root = tmp.resolve("store");
        ModelStore store = TestBundles.emptyStore(root);
        store.publish(TestBundles.sealed(tmp, "1.0.0", 10_000));
        store.activate("1.0.0");

        List<Process> writers = new ArrayList<>();
        List<CrashSafetyTest.ChildOutput> outputs = new ArrayList<>();
        for (String tag : List.of("a", "b")) {
            Process p = StoreWriterProcess.command(root, tmp.resolve("work-" + tag), tag, ITERATIONS).start();
            writers.add(p);
            outputs.add(new CrashSafetyTest.ChildOutput(p, "ready"));
        }

        int reads = 0;
        while (writers.stream().anyMatch(Process::isAlive)) {
            for (BundleSummary summary : store.list()) {
                assertThat(store.bundle(summary.version()).version()).isEqualTo(summary.version());
            }
            assertThat(store.requireActive()).isNotNull();
            reads++;
            Thread.sleep(20); // leave the (two) cores mostly to the writers
        }
        for (int i = 0; i < writers.size(); i++) {
            assertThat(writers.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
            outputs.get(i).thread.join(5000);
            assertThat(writers.get(i).exitValue()).as("writer output:%n%s", outputs.get(i)).isZero();
        }

        List<String> expected = new ArrayList<>(List.of("1.0.0"));
        for (String tag : List.of("a", "b")) {
            for (int i = 0; i < ITERATIONS; i++) {
                expected.add("2." + tag + "." + i);
            }
        }
        assertThat(store.list()).extracting(BundleSummary::version).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(store.verify()).allMatch(VerificationReport::ok);
        assertThat(reads).as("the reader ran while the writers wrote").isPositive();
    }
}
