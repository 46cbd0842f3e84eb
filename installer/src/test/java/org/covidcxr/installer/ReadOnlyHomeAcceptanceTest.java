package org.covidcxr.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, point 9: on a locked-down workstation, where the user's home folder is read-only (the data folders
 * redirected elsewhere, as a site does for roaming profiles), the packaged window opens and analyses an image, and
 * JavaFX unpacks nothing anywhere: its native libraries are loaded from the installation, not extracted into
 * {@code ~/.openjfx/cache} nor, where the home refuses, into the temporary folder (which may be {@code noexec}).
 */
class ReadOnlyHomeAcceptanceTest {
    /** Root ignores file permissions: as root the test runs the workstation as this unprivileged user (nobody). */
    private static final List<String> AS_NOBODY =
            List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--");

    @Test
    void windowOpensFromAReadOnlyHomeAndJavaFxExtractsNothing(@TempDir Path work) throws IOException {
        Path launcher = AppImage.launcher();
        assertThat(launcher).as("app-image launcher (built by -Ppackage)").isExecutable();
        BundledModel.assumePackedIn(AppImage.ROOT.resolve("lib/app"));
        assumeTrue(Command.of("sh", "-c", "command -v xvfb-run").run().exitCode() == 0,
                "skipped: xvfb-run (package xvfb, installed by scripts/setup.sh) is missing, so no display");
        Path dicom = Path.of(System.getProperty("covidcxr.shared.data", "../../shared/data"))
                .resolve("dicom/real/CR-MONO1-10-chest.dcm").toAbsolutePath();
        assumeTrue(Files.isRegularFile(dicom), "skipped: shared DICOM data missing at " + dicom);
        List<String> asUser = List.of();
        if (Offline.runningAsRoot()) {
            assumeTrue(Command.of("true").inside(AS_NOBODY).run().exitCode() == 0,
                    "skipped: running as root, and setpriv (util-linux) cannot switch to an unprivileged user here");
            asUser = AS_NOBODY;
        }
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = Files.createDirectory(work.resolve("home"));
        Path data = Files.createDirectory(work.resolve("data"));
        Path tmp = Files.createDirectory(work.resolve("tmp"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));

        Command.Result result = Command.of("xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", launcher.toString(),
                        dicom.toString())
                .withEnvironment(Map.of("HOME", home.toString(),
                        "JAVA_TOOL_OPTIONS", "-Duser.home=" + home + " -Djava.io.tmpdir=" + tmp,
                        "COVIDCXR_HOME", data.resolve("covidcxr").toString(),
                        "XDG_DATA_HOME", data.resolve("share").toString()))
                .withTimeout(Duration.ofMinutes(5)).inside(asUser)
                .runUntil("served by DJL", Duration.ofSeconds(5), launcher);

        assertThat(result.stderr()).as("the window came up (JavaFX's natives loaded)\n" + result)
                .contains("Workstation starting").doesNotContain("UnsatisfiedLinkError");
        assertThat(entries(home)).as("nothing written into the read-only home folder").isEmpty();
        assertThat(entries(tmp)).as("JavaFX extracted no native library into the temporary folder either\n" + result)
                .noneMatch(p -> p.getFileName().toString().startsWith(".openjfx"));
    }

    private static List<Path> entries(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.toList();
        }
    }
}
