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

/** Issue 7, acceptance 1: the app-image's self-test passes inside a network namespace with no network. */
class AppImageAcceptanceTest {
    private static final Path IMAGE = AppImage.ROOT;
    private static final String NAME = AppImage.NAME;

    @Test
    void selfTestPassesWithoutNetworkOnAFreshHome(@TempDir Path home) throws IOException {
        Path launcher = IMAGE.resolve("bin").resolve(NAME);
        assertThat(launcher).as("app-image launcher (built by -Ppackage)").isExecutable();
        BundledModel.assumePackedIn(IMAGE.resolve("lib/app"));

        Command.Result result = Command.of(launcher.toString(), "--self-test")
                .withEnvironment(Offline.freshHome(home)).withTimeout(Duration.ofMinutes(5))
                .inside(Offline.noNetwork()).run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.lastLine()).as(result.toString()).startsWith("SELF-TEST PASS: model ");
        assertThat(home.resolve(".local/share/covidcxr/models")).as("store seeded from the bundled default model")
                .isDirectory();
        assertThat(regularFilesUnder(home.resolve(".javacpp")))
                .as("natives load from the image: nothing is extracted into the home folder").isEmpty();
    }

    /**
     * The jlinked runtime must hold what the decoders need (PixelMed, the ImageIO JPEG, JPEG-LS and JPEG 2000
     * plug-ins): real files in those syntaxes are analysed by the packaged launcher, offline.
     */
    @Test
    void packagedLauncherDecodesAndAnalysesRealDicomInEveryCompressionWithoutNetwork(@TempDir Path home)
            throws IOException {
        Path launcher = IMAGE.resolve("bin").resolve(NAME);
        BundledModel.assumePackedIn(IMAGE.resolve("lib/app"));
        Path data = Path.of(System.getProperty("covidcxr.shared.data", "../../shared/data"));
        List<Path> files = List.of(data.resolve("dicom/real/CR-MONO1-10-chest.dcm"),
                data.resolve("dicom/conformance/files/jpeg_base8.dcm"),
                data.resolve("dicom/conformance/files/gdcm_jpeg_ll.dcm"),
                data.resolve("dicom/conformance/files/jls_ll.dcm"),
                data.resolve("dicom/conformance/files/j2k_lossy.dcm"));
        assumeTrue(files.stream().allMatch(Files::isRegularFile), "skipped: shared DICOM data missing at " + data);
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString(), "predict", "--anyway"));
        files.forEach(f -> command.add(f.toAbsolutePath().toString()));

        Command.Result result = Command.of(command.toArray(String[]::new)).withEnvironment(Offline.freshHome(home))
                .withTimeout(Duration.ofMinutes(5)).inside(Offline.noNetwork()).run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout().lines().filter(l -> l.contains("decision:"))).as(result.toString())
                .hasSize(files.size());
    }

    /**
     * The jlinked runtime must hold what Spark and Hadoop need (java.security.jgss, jdk.security.auth …) and the JVM
     * that the launcher starts for Spark its jars and opens: {@code covidcxr batch} screens real files with the bundled
     * model, offline.
     * An offline machine still has its loopback interface, to which Spark's driver binds; an empty network namespace
     * has it down, so it is brought up there first.
     */
    @Test
    void packagedLauncherScreensAnArchiveOnSparkWithoutNetwork(@TempDir Path home, @TempDir Path work)
            throws IOException {
        Path launcher = IMAGE.resolve("bin").resolve(NAME);
        BundledModel.assumePackedIn(IMAGE.resolve("lib/app"));
        Path data = Path.of(System.getProperty("covidcxr.shared.data", "../../shared/data"));
        List<Path> films = List.of(data.resolve("dicom/real/CR-MONO1-10-chest.dcm"),
                data.resolve("dicom/real/RG1_J2KI.dcm"));
        assumeTrue(films.stream().allMatch(Files::isRegularFile), "skipped: shared DICOM data missing at " + data);
        Path archive = Files.createDirectories(work.resolve("archive"));
        for (Path film : films) {
            Files.copy(film, archive.resolve(film.getFileName()));
        }
        Files.writeString(archive.resolve("notes.txt"), "not an image");
        Path results = work.resolve("results");

        Command.Result result = Command.of("sh", "-c", "ip link set lo up && exec \"$@\"", "sh", launcher.toString(),
                        "batch", archive.toString(), "--out", results.toString())
                .withEnvironment(Offline.freshHome(home)).withTimeout(Duration.ofMinutes(5))
                .inside(Offline.noNetwork()).run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as(result.toString()).contains("3 files, 3 screened", "analysed", "unreadable");
        assertThat(results.resolve("_SUCCESS")).as("Spark committed the Parquet results").isRegularFile();
    }

    /**
     * Issue 19: Spark's jars would slow every start of the workstation, so they are not on the launcher's class path
     * but in lib/app/spark, for covidcxr batch's own JVM (the test above runs it).
     */
    @Test
    void sparkIsKeptOffTheLaunchersClassPath() throws IOException {
        List<String> classPath = Files.readAllLines(IMAGE.resolve("lib/app").resolve(NAME + ".cfg")).stream()
                .filter(line -> line.startsWith("app.classpath=")).toList();
        assertThat(classPath).as("the launcher's class path").isNotEmpty()
                .anyMatch(line -> line.contains("covidcxr-batch-"))
                .noneMatch(line -> line.contains("spark-") || line.contains("scala-library"));
        assertThat(IMAGE.resolve("lib/app/spark")).isDirectoryContaining("glob:**/spark-core_2.12-*.jar")
                .isDirectoryContaining("glob:**/scala-library-*.jar")
                .isDirectoryNotContaining("glob:**/covidcxr-*.jar");
    }

    /** The jlinked runtime must hold what JavaFX needs: the real workstation window analyses the phantom. */
    @Test
    void workstationWindowAnalysesThePhantomWithoutNetwork(@TempDir Path home) throws IOException {
        Path launcher = IMAGE.resolve("bin").resolve(NAME);
        BundledModel.assumePackedIn(IMAGE.resolve("lib/app"));
        assumeTrue(Command.of("sh", "-c", "command -v xvfb-run").run().exitCode() == 0,
                "skipped: xvfb-run (package xvfb, installed by scripts/setup.sh) is missing, so no display");
        Path out = home.resolve("screenshots");

        Command.Result result = Command.of("xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", launcher.toString(),
                        "screenshot", "--phantom", "--out", out.toString())
                .withEnvironment(Offline.freshHome(home)).withTimeout(Duration.ofMinutes(5))
                .inside(Offline.noNetwork()).run();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(out).as(result.toString())
                .isDirectoryRecursivelyContaining("glob:**/phantom-workstation.png");
    }

    /** Issue 19, item 3: the app-image starts from its class-data-sharing archive. */
    @Test
    void launcherStartsFromTheClassDataSharingArchive() throws IOException {
        ClassDataSharing.assertLauncherStartsFromArchive(IMAGE, NAME);
    }

    @Test
    void imageCarriesItsOwnRuntimeNativesAndLibraries() {
        assertThat(IMAGE.resolve("lib/runtime/release")).as("jlinked runtime").isRegularFile();
        assertThat(IMAGE.resolve("lib/runtime/bin/java")).as("the training wizard's worker runs on the image's own java")
                .isExecutable();
        assertThat(IMAGE.resolve("lib/app")).isDirectoryRecursivelyContaining("glob:**/libjnitensorflow.so")
                .isDirectoryContaining("glob:**/pixelmed-*.jar")
                .isDirectoryContaining("glob:**/imageio-jpeg-*.jar")
                .isDirectoryContaining("glob:**/jai-imageio-jpeg2000-*.jar")
                .isDirectoryContaining("glob:**/covidcxr-model-store-*.jar");
        assertThat(IMAGE.resolve("lib/app")).as("natives are shipped once, unpacked, not also as a jar")
                .isDirectoryNotContaining("glob:**/tensorflow-core-native-*.jar");
    }

    /**
     * JavaFX is linked into the runtime as modules (no "Unsupported JavaFX configuration" warning), with its native
     * libraries unpacked where it loads them from, so it never extracts them into the user's home folder.
     */
    @Test
    void javaFxIsPartOfTheRuntimeWithItsNativesUnpacked() {
        Command.Result modules = Command.of(IMAGE.resolve("lib/runtime/bin/java").toString(), "--list-modules").run();
        assertThat(modules.stdout()).as(modules.toString())
                .contains("javafx.controls@", "javafx.fxml@", "javafx.swing@", "javafx.graphics@");
        assertThat(IMAGE.resolve("lib/runtime/lib")).isDirectoryContaining("glob:**/libglass.so")
                .isDirectoryContaining("glob:**/libglassgtk3.so").isDirectoryContaining("glob:**/libprism_es2.so");
        assertThat(IMAGE.resolve("lib/app")).as("JavaFX only once, in the runtime, not also on the class path")
                .isDirectoryNotContaining("glob:**/javafx-*.jar");
    }

    private static List<Path> regularFilesUnder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
