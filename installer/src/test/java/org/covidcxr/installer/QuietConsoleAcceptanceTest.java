package org.covidcxr.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, "a quiet console": started from the packaged launcher of a CPU build on a fresh home folder, the
 * workstation, {@code predict} and {@code --self-test} print nothing on standard error but the product's own log lines
 * at INFO or above: no CUDA probe, no "Unsupported JavaFX configuration", no TensorFlow log lines of its own.
 */
class QuietConsoleAcceptanceTest {
    /** The product's log lines (logback.xml): time, level INFO or above, one of the product's loggers, message. */
    private static final Pattern PRODUCT_LINE =
            Pattern.compile("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} (INFO |WARN |ERROR) (org\\.covidcxr|o\\.c)\\.\\S+ - .*");
    /** What the JVM prints because the test gives the product its home through JAVA_TOOL_OPTIONS. */
    private static final String TEST_OWN_LINE = "Picked up JAVA_TOOL_OPTIONS: ";

    private Path dicom;

    @BeforeEach
    void packagedCpuBuild() {
        assertThat(AppImage.launcher()).as("app-image launcher (built by -Ppackage)").isExecutable();
        BundledModel.assumePackedIn(AppImage.ROOT.resolve("lib/app"));
        AppImage.assumeCpuBuild();
        Path data = Path.of(System.getProperty("covidcxr.shared.data", "../../shared/data"));
        dicom = data.resolve("dicom/real/CR-MONO1-10-chest.dcm").toAbsolutePath();
    }

    @Test
    void predictPrintsOnlyTheProductsOwnLines(@TempDir Path home) {
        assumeTrue(Files.isRegularFile(dicom), "skipped: shared DICOM data missing at " + dicom);

        Command.Result result = Command.of(AppImage.launcher().toString(), "predict", dicom.toString())
                .withEnvironment(freshHome(home)).withTimeout(Duration.ofMinutes(5)).run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as(result.toString()).contains("decision:");
        assertOnlyProductLines(result, "served by DJL");
    }

    @Test
    void selfTestPrintsOnlyTheProductsOwnLines(@TempDir Path home) {
        Command.Result result = Command.of(AppImage.launcher().toString(), "--self-test")
                .withEnvironment(freshHome(home)).withTimeout(Duration.ofMinutes(5)).run();

        assertThat(result.lastLine()).as(result.toString()).startsWith("SELF-TEST PASS: model ");
        assertOnlyProductLines(result, "TensorFlow ");
    }

    /** The real window under Xvfb, opening a chest radiograph and analysing it, then closed (SIGTERM). */
    @Test
    void workstationStartPrintsOnlyTheProductsOwnLines(@TempDir Path home) {
        assumeTrue(Files.isRegularFile(dicom), "skipped: shared DICOM data missing at " + dicom);
        assumeTrue(Command.of("sh", "-c", "command -v xvfb-run").run().exitCode() == 0,
                "skipped: xvfb-run (package xvfb, installed by scripts/setup.sh) is missing, so no display");

        Command.Result result = Command.of("xvfb-run", "-a", "-s", "-screen 0 1600x1000x24",
                        AppImage.launcher().toString(), dicom.toString())
                .withEnvironment(freshHome(home)).withTimeout(Duration.ofMinutes(5))
                .runUntil("served by DJL", Duration.ofSeconds(5), AppImage.launcher());

        assertOnlyProductLines(result, "Workstation starting");
    }

    /** The product's data, caches and settings in {@code home} (Java takes its home from the system property). */
    private static Map<String, String> freshHome(Path home) {
        return Map.of("HOME", home.toString(), "JAVA_TOOL_OPTIONS", "-Duser.home=" + home);
    }

    /**
     * Every line on standard error is one of the product's own log lines, and {@code expected} is among them (so the
     * log did reach standard error: the check is not vacuous).
     */
    private static void assertOnlyProductLines(Command.Result result, String expected) {
        List<String> lines = result.stderr().lines().filter(l -> !l.isBlank())
                .filter(l -> !l.startsWith(TEST_OWN_LINE)).toList();
        assertThat(lines).as("the product's log on standard error\n" + result).anyMatch(l -> l.contains(expected));
        assertThat(lines.stream().filter(l -> !PRODUCT_LINE.matcher(l).matches()).toList())
                .as("lines on standard error that are not the product's own messages\n" + result).isEmpty();
    }
}
