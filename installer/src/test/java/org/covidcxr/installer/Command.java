package org.covidcxr.installer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program to completion with its output captured in files (no pipe can fill up and block it). */
record Command(List<String> arguments, Map<String, String> environment, Duration timeout) {

    /** What a finished program left: exit status and both outputs. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** The last non-blank line of standard output, or "" when there is none. */
        String lastLine() {
            List<String> lines = stdout.lines().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " exited " + exitCode + "\n--- stdout:\n" + stdout
                    + "\n--- stderr:\n" + stderr;
        }
    }

    static Command of(String... arguments) {
        return new Command(List.of(arguments), Map.of(), Duration.ofMinutes(2));
    }

    Command withEnvironment(Map<String, String> extra) {
        return new Command(arguments, extra, timeout);
    }

    Command withTimeout(Duration limit) {
        return new Command(arguments, environment, limit);
    }

    /** The same command run inside {@code prefix} (for example {@code unshare -n}). */
    Command inside(List<String> prefix) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(arguments);
        return new Command(all, environment, timeout);
    }

    Result run() {
        try {
            Path out = Files.createTempFile("command", ".out");
            Path err = Files.createTempFile("command", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(arguments).redirectOutput(out.toFile())
                        .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                // Whatever the calling shell set must not redirect where the product keeps its data.
                builder.environment().remove("XDG_DATA_HOME");
                builder.environment().remove("COVIDCXR_MODEL_STORE");
                builder.environment().remove("COVIDCXR_HOME");
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(String.join(" ", arguments) + " did not finish within " + timeout
                            + "; output so far:\n" + Files.readString(out, StandardCharsets.UTF_8)
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return new Result(arguments, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + arguments + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + arguments, e);
        }
    }
}
