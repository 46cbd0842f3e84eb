package org.covidcxr.installer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a program to completion, or a window until it has logged a given line, with its output captured in files (no
 * pipe can fill up and block it).
 */
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
        return execute((process, stderr) -> {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return Optional.of("did not finish within " + timeout);
            }
            return Optional.empty();
        });
    }

    /**
     * For a program that runs until it is closed (the workstation window): runs the command until its standard error
     * shows {@code marker}, lets it go on for {@code grace}, then asks {@code program} (the command itself or a
     * program it started, e.g. under {@code xvfb-run}) to stop with SIGTERM, as closing a session would, and waits
     * for the command to end.
     */
    Result runUntil(String marker, Duration grace, Path program) {
        return execute((process, stderr) -> {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!Files.readString(stderr, StandardCharsets.UTF_8).contains(marker)) {
                if (!process.isAlive()) {
                    return Optional.of("ended before its standard error showed \"" + marker + "\"");
                }
                if (System.nanoTime() > deadline) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                    return Optional.of("did not show \"" + marker + "\" within " + timeout);
                }
                Thread.sleep(250);
            }
            Thread.sleep(grace.toMillis());
            String target = program.toRealPath().toString();
            Stream.concat(Stream.of(process.toHandle()), process.descendants())
                    .filter(p -> p.info().command().filter(target::equals).isPresent())
                    .forEach(ProcessHandle::destroy);
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                return Optional.of("did not stop within a minute of SIGTERM to " + target);
            }
            return Optional.empty();
        });
    }

    /**
     * How a started command is waited for, given the file its standard error goes to: nothing when it ended as
     * expected, otherwise what went wrong.
     */
    private interface Wait {
        Optional<String> ended(Process process, Path stderr) throws IOException, InterruptedException;
    }

    private Result execute(Wait wait) {
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
                Optional<String> problem = wait.ended(process, err);
                if (problem.isPresent()) {
                    throw new AssertionError(String.join(" ", arguments) + " " + problem.get()
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
