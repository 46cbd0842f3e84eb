package org.covidcxr.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** What the class-data-sharing archive of an installation must give: the launcher maps its classes from it. */
final class ClassDataSharing {
    private ClassDataSharing() {
    }

    /**
     * The start-up's classes were recorded (the window's and the model's among them) and the launcher loads the
     * workstation's own classes from the archive, not from its jars.
     */
    static void assertLauncherStartsFromArchive(Path installation, String name) throws IOException {
        Path lib = installation.resolve("lib/app");
        assertThat(lib.resolve(name + ".jsa")).as("class-data-sharing archive").isRegularFile();
        assertThat(Files.readString(lib.resolve(name + ".classlist"))).as("classes recorded at the package build")
                .contains("javafx/scene/control/TabPane", "org/covidcxr/app/ui/main/MainView",
                        "org/tensorflow/SavedModelBundle");

        Command.Result version = Command.of(installation.resolve("bin").resolve(name).toString(), "--version")
                .withEnvironment(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info"))
                .withTimeout(Duration.ofMinutes(1)).run();

        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.stdout()).as("the launcher's classes come from the archive")
                .contains("org.covidcxr.app.Main source: shared objects file");
    }
}
