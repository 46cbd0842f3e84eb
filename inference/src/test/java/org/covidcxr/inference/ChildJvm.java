package org.covidcxr.inference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code main} run in a fresh JVM on this JVM's class path, with its own environment: what TensorFlow reads as it
 * loads can only be tried in a process of its own.
 *
 * @param exitCode the process's exit status (134 when glibc aborted it, e.g. on heap corruption)
 * @param output   standard output and error together
 */
public record ChildJvm(int exitCode, String output) {
    /** {@code TF_ENABLE_ONEDNN_OPTS=1}: the environment that would make TensorFlow run its oneDNN kernels. */
    public static final Map<String, String> ONEDNN_REQUESTED = Map.of(TensorFlowRuntime.ONEDNN_VARIABLE, "1");

    public static ChildJvm run(Map<String, String> environment, Duration timeout, List<String> jvmOptions,
                               Class<?> mainClass, String... args) throws IOException, InterruptedException {
        List<String> options = new ArrayList<>(List.of("-Xmx1g", "-Djava.awt.headless=true",
                "-XX:ErrorFile=" + Path.of("target", "hs_err_pid%p.log").toAbsolutePath()));
        options.addAll(jvmOptions);
        List<String> command = JvmCommand.of(options, mainClass, List.of(args));
        Path log = Files.createTempFile("child-jvm", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("child JVM " + mainClass.getName() + " still running after " + timeout + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new ChildJvm(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
