package org.covidcxr.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, acceptance 2: the {@code .deb} installs with {@code dpkg -i} on this machine, the installed launcher's
 * self-test passes (offline), and {@code dpkg -r} removes every file it installed. Needs root, as on CI.
 */
class DebPackageAcceptanceTest {
    private static final Path PACKAGES = Path.of(System.getProperty("covidcxr.installer.packages",
            "target/jpackage/installer")).toAbsolutePath();
    private static final String NAME = System.getProperty("covidcxr.installer.name", "covidcxr");
    private static final Path INSTALL_DIR = Path.of("/opt", NAME);
    private static final Path MENU_ENTRY = Path.of("/usr/share/applications", NAME + "-" + NAME + ".desktop");

    @Test
    void installsPassesItsSelfTestOfflineAndRemovesCleanly(@TempDir Path home) throws IOException {
        assumeTrue(Offline.runningAsRoot(), "skipped: installing a .deb with dpkg -i needs root (CI runs as root)");
        assumeTrue(Command.of("dpkg", "--version").run().exitCode() == 0, "skipped: dpkg is not available here");
        // The test installs and removes the package: never on a machine where someone installed it for real.
        assumeTrue(!Command.of("dpkg-query", "-W", "-f=${db:Status-Abbrev}", NAME).run().stdout().startsWith("ii"),
                "skipped: " + NAME + " is installed on this machine; the test would replace and remove it");
        List<String> noNetwork = Offline.noNetwork();
        Path deb = theDeb();

        Command.Result install = Command.of("dpkg", "-i", deb.toString()).withTimeout(Duration.ofMinutes(5)).run();
        Command.Result remove;
        try {
            assertThat(install.exitCode()).as(install.toString()).isZero();
            assertThat(INSTALL_DIR.resolve("bin").resolve(NAME)).isExecutable();
            BundledModel.assumePackedIn(INSTALL_DIR.resolve("lib/app"));
            assertThat(MENU_ENTRY).as("desktop entry registered").isRegularFile();
            assertThat(Files.readString(MENU_ENTRY)).contains("MimeType=application/dicom")
                    .contains("Exec=" + INSTALL_DIR.resolve("bin").resolve(NAME) + " %F");

            Command.Result selfTest = Command.of(INSTALL_DIR.resolve("bin").resolve(NAME).toString(), "--self-test")
                    .withEnvironment(Offline.freshHome(home)).withTimeout(Duration.ofMinutes(5))
                    .inside(noNetwork).run();
            assertThat(selfTest.exitCode()).as(selfTest.toString()).isZero();
            assertThat(selfTest.lastLine()).as(selfTest.toString()).startsWith("SELF-TEST PASS: model ");
            // The archive is made by postinst where the package is installed (one made elsewhere would not serve).
            ClassDataSharing.assertLauncherStartsFromArchive(INSTALL_DIR, NAME);
        } finally {
            // Removed whatever happened above, so a failing run leaves no package behind.
            remove = Command.of("dpkg", "-r", NAME).withTimeout(Duration.ofMinutes(2)).run();
        }
        assertThat(remove.exitCode()).as(remove.toString()).isZero();
        assertThat(INSTALL_DIR).as("nothing left in the install folder").doesNotExist();
        assertThat(MENU_ENTRY).as("desktop entry unregistered").doesNotExist();
        Command.Result status = Command.of("dpkg-query", "-W", "-f=${Status}", NAME).run();
        assertThat(status.stdout()).as(status.toString()).doesNotContain("ok installed");

        // dpkg keeps a removed package's record (state config-files) for its postrm's purge step; purging leaves
        // the machine as it was.
        Command.Result purge = Command.of("dpkg", "-P", NAME).withTimeout(Duration.ofMinutes(2)).run();
        assertThat(purge.exitCode()).as(purge.toString()).isZero();
    }

    private static Path theDeb() throws IOException {
        assertThat(PACKAGES).as(".deb folder (built by -Ppackage)").isDirectory();
        try (Stream<Path> files = Files.list(PACKAGES)) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().endsWith(".deb")).toList();
            assertThat(debs).as("exactly one .deb in " + PACKAGES).hasSize(1);
            return debs.get(0);
        }
    }
}
