package org.covidcxr.installer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How the acceptance tests take the network away and give the product a home of its own. */
final class Offline {

    private Offline() {
    }

    /**
     * A prefix that runs a command in a new network namespace (only a loopback interface, and that one down):
     * {@code unshare -n} as root, {@code unshare -r -n} through a user namespace otherwise. Skips the test when
     * neither works here.
     */
    static List<String> noNetwork() {
        Optional<List<String>> prefix = java.util.stream.Stream.of(List.of("unshare", "-n"), List.of("unshare", "-r", "-n"))
                .filter(p -> Command.of("true").inside(p).run().exitCode() == 0)
                .findFirst();
        assumeTrue(prefix.isPresent(), "skipped: `unshare -n` (util-linux) is unavailable or not permitted here, so "
                + "the offline run cannot be proven; run as root or enable unprivileged user namespaces");
        List<String> isolation = prefix.get();
        Command.Result probe = Command.of("ip", "-o", "link").inside(isolation).run();
        if (probe.exitCode() == 0) {
            // Belt and braces: the namespace must really hold nothing but loopback.
            assumeTrue(probe.stdout().lines().allMatch(l -> l.contains(" lo:")),
                    "the network namespace unexpectedly has interfaces: " + probe.stdout());
        }
        return isolation;
    }

    /**
     * Environment that makes the product's JVM use {@code home} as the user's home: its model store (seeded from
     * the bundled default model), caches and settings start empty there.
     */
    static Map<String, String> freshHome(Path home) {
        return Map.of("JAVA_TOOL_OPTIONS", "-Duser.home=" + home.toAbsolutePath());
    }

    static boolean runningAsRoot() {
        Command.Result id = Command.of("id", "-u").run();
        return id.exitCode() == 0 && id.stdout().trim().equals("0");
    }
}
