package org.covidcxr.modelstore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Child-process main for the crash and concurrency tests: changes a store in a loop with every write operation
 * (seal, publish, export, import, activate, rollback, delete).
 *
 * <p>Arguments: {@code <store> <work folder> <tag> <iterations (-1: until killed)>}. Prints {@code ready} once the
 * store is open, {@code step <operation>} just before each operation and {@code done <version>} after each
 * iteration. Deletes old versions only when running until killed (in a bounded run, other writers may still be
 * activating them).
 */
public final class StoreWriterProcess {

    static final List<String> OPERATIONS = List.of("seal", "publish", "export", "import", "activate", "rollback",
            "delete");

    private StoreWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]));
        String tag = args[2];
        int iterations = Integer.parseInt(args[3]);
        ModelStore store = TestBundles.emptyStore(root);
        ModelStore scratch = TestBundles.emptyStore(work.resolve("scratch"));
        Random random = new Random(tag.hashCode());
        System.out.println("ready");
        for (int i = 0; iterations < 0 || i < iterations; i++) {
            String version = "2." + tag + "." + i;
            Path src = work.resolve(version + "-src");
            TestBundles.write(src, version, 50_000 + random.nextInt(250_000), random);
            step("seal");
            ModelBundles.seal(src);
            if (i % 2 == 0) {
                step("publish");
                store.publish(src);
            } else {
                scratch.publish(src);
                Path zip = work.resolve(version + ".zip");
                step("export");
                scratch.exportZip(version, zip);
                step("import");
                store.importBundle(zip, scratch.siteKey().map(TrustedKey::fingerprint));
            }
            step("activate");
            store.activate(version);
            if (i % 2 == 1) {
                step("rollback");
                store.rollback();
            }
            if (iterations < 0 && store.list().size() > 4) {
                step("delete");
                store.list().stream().filter(s -> !s.active()).map(BundleSummary::version)
                        .min(VersionOrder.INSTANCE).ifPresent(store::delete);
            }
            System.out.println("done " + version);
        }
    }

    private static void step(String operation) {
        System.out.println("step " + operation);
    }

    /** The command line starting this class in a fresh JVM with the test classpath. */
    static ProcessBuilder command(Path root, Path work, String tag, int iterations) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), StoreWriterProcess.class.getName(),
                root.toString(), work.toString(), tag, Integer.toString(iterations))
                .redirectErrorStream(true);
    }
}
