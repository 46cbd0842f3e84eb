package org.covidcxr.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM covidcxr batch runs in: Spark's opens, the launcher's settings; its output and exit status come back. */
class SparkJvmTest {

    @Test
    void theChildJvmHasWhatSparkNeedsAndReportsBackThroughTheParent(@TempDir Path spark) throws Exception {
        List<String> command = SparkJvm.command(spark, Probe.class, List.of("42"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = SparkJvm.run(command, true, new PrintWriter(out), new PrintWriter(err));

        assertThat(exit).as(err.toString()).isEqualTo(42);
        assertThat(out.toString()).contains("java.nio open: true", "sun.nio.ch open: true",
                "library path: " + System.getProperty("java.library.path"),
                "class path ends: " + spark + File.separator + "*");
        assertThat(err.toString()).contains("oneDNN: 0", "Spark binds to: 127.0.0.1", "a child: true");
    }

    @Test
    void theOpensAreSparksOwnList() {
        assertThat(SparkJvm.opens()).contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "-Djdk.reflect.useDirectMethodHandle=false").allMatch(option -> option.startsWith("-"));
    }

    /** Runs in the child: prints what it was given. */
    public static final class Probe {
        public static void main(String[] args) {
            Module unnamed = Probe.class.getModule();
            System.out.println("java.nio open: " + Object.class.getModule().isOpen("java.nio", unnamed));
            System.out.println("sun.nio.ch open: " + Object.class.getModule().isOpen("sun.nio.ch", unnamed));
            System.out.println("library path: " + System.getProperty("java.library.path"));
            String classPath = System.getProperty("java.class.path");
            String last = classPath.substring(classPath.lastIndexOf(File.pathSeparator) + 1);
            System.out.println("class path ends: " + last);
            System.err.println("oneDNN: " + System.getenv("TF_ENABLE_ONEDNN_OPTS"));
            System.err.println("Spark binds to: " + System.getenv("SPARK_LOCAL_IP"));
            System.err.println("a child: " + SparkJvm.isChild());
            System.exit(Integer.parseInt(args[0]));
        }
    }
}
