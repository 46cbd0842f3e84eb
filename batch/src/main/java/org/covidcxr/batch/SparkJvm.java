package org.covidcxr.batch;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.covidcxr.inference.JvmCommand;
import org.covidcxr.inference.TensorFlowRuntime;

/**
 * A JVM of its own for Spark on a workstation. Spark's 200 jars (the folder {@code spark} beside this module's jar in
 * an installation) are kept off the launcher's class path, where every start of the workstation would pay for them;
 * {@code covidcxr batch} runs in a child JVM that has them, with the opens Spark needs on Java 17.
 */
public final class SparkJvm {
    private static final String SPARK_CLASS = "org/apache/spark/SparkContext.class";
    private static final String OPTIONS = "spark-jvm.options";
    /** Set in the child: the launcher's process id. The child ends when the launcher does, and never forks again. */
    private static final String PARENT_PROPERTY = "covidcxr.batch.parent";
    /** How long a stopping launcher gives the child to end before it is killed. */
    private static final long STOP_WAIT_SECONDS = 10;

    private SparkJvm() {
    }

    /** Whether Spark is on this JVM's class path already (tests, {@code spark-submit}, the tools). */
    public static boolean onClassPath() {
        return SparkJvm.class.getClassLoader().getResource(SPARK_CLASS) != null;
    }

    /** Where an installation keeps Spark's jars: the folder {@code spark} beside the jar this class came from. */
    public static Path library() {
        try {
            return Path.of(SparkJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolveSibling("spark");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the batch module was loaded from", e);
        }
    }

    /** The command line that runs {@code mainClass} with {@code args} in a JVM like this one, plus Spark's jars. */
    public static List<String> command(Path library, Class<?> mainClass, List<String> args) {
        List<String> options = new ArrayList<>(List.of("-Djava.awt.headless=true",
                "-D" + PARENT_PROPERTY + "=" + ProcessHandle.current().pid()));
        // The console output comes through a pipe: UTF-8 both ways, whatever the platform's console encoding.
        for (String stream : List.of("stdout", "stderr")) {
            options.addAll(List.of("-D" + stream + ".encoding=UTF-8", "-Dsun." + stream + ".encoding=UTF-8"));
        }
        options.addAll(opens());
        options.addAll(JvmCommand.launcherProperties());
        return JvmCommand.of(options, List.of(library + File.separator + "*"), mainClass, args);
    }

    /** Whether this JVM is the child that {@link #command} started. */
    public static boolean isChild() {
        return System.getProperty(PARENT_PROPERTY) != null;
    }

    /** In the child: ends this JVM when the launcher that started it ends, however it ended (a killed launcher too). */
    public static void endWithParent() {
        String parent = System.getProperty(PARENT_PROPERTY);
        if (parent != null) {
            // Exit, not halt: Spark's shutdown hooks stop its tasks and remove their temporary files.
            ProcessHandle.of(Long.parseLong(parent)).ifPresentOrElse(p -> p.onExit().thenRun(() -> System.exit(130)),
                    () -> System.exit(130));
        }
    }

    /**
     * Runs the command to its end, its console output copied to {@code out} and {@code err} as it comes; the child
     * ends with this JVM.
     *
     * @param onThisMachine whether the job runs in local mode: then all of Spark, its web UI included, binds to the
     *                      loopback address (Spark 3.5 takes the UI's address only from {@code SPARK_LOCAL_IP}, and
     *                      listens on every interface without it)
     * @return the child's exit status
     */
    public static int run(List<String> command, boolean onThisMachine, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put(TensorFlowRuntime.ONEDNN_VARIABLE, "0");
        if (onThisMachine) {
            builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        }
        Process child = builder.start();
        Thread stop = new Thread(() -> stop(child), "spark-jvm-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            Thread errors = new Thread(() -> copy(child.getErrorStream(), err), "spark-jvm-stderr");
            errors.setDaemon(true);
            errors.start();
            copy(child.getInputStream(), out);
            errors.join();
            return child.waitFor();
        } finally {
            stop(child);
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException e) {
                // this JVM is shutting down: the hook runs anyway
            }
        }
    }

    /** Asks the child to end (Spark then cleans up), and kills it if it has not within a while. */
    private static void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** What Spark's own launcher opens on Java 17: the parent POM's {@code spark.opens}, filtered into a resource. */
    static List<String> opens() {
        try (InputStream in = SparkJvm.class.getResourceAsStream(OPTIONS)) {
            if (in == null) {
                throw new IllegalStateException(OPTIONS + " is missing from the batch module");
            }
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(InputStream from, PrintWriter to) {
        char[] buffer = new char[8192];
        try (Reader reader = new InputStreamReader(from, StandardCharsets.UTF_8)) {
            for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            to.println("(the batch process's output could not be read further: " + e.getMessage() + ")");
        }
    }
}
