package org.covidcxr.app.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.covidcxr.app.home.WindowSettings.Placement;
import org.covidcxr.files.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowSettingsTest {
    /** A 1366 × 768 laptop with a 32 px panel at the top. */
    private static final WindowBounds LAPTOP = new WindowBounds(0, 32, 1366, 736);
    private static final WindowBounds FULL_HD = new WindowBounds(0, 0, 1920, 1080);

    @TempDir
    Path dir;

    @Test
    void theFirstWindowFitsASmallScreenAndIsCentredOnALargeOne() {
        assertThat(WindowSettings.place(Optional.empty(), List.of(LAPTOP)))
                .isEqualTo(new Placement(LAPTOP, false));
        assertThat(WindowSettings.place(Optional.empty(), List.of(FULL_HD)))
                .isEqualTo(new Placement(new WindowBounds(240, 90, 1440, 900), false));
    }

    @Test
    void theWindowReopensWhereItWasLeft() {
        Placement left = new Placement(new WindowBounds(2000, 100, 1200, 800), true);
        WindowBounds second = new WindowBounds(1920, 0, 2560, 1440);
        assertThat(WindowSettings.place(Optional.of(left), List.of(FULL_HD, second))).isEqualTo(left);
    }

    @Test
    void aPlaceNoScreenShowsAnyMoreIsFittedOntoTheScreensThereAre() {
        // Left on a second monitor that is gone: the default place on the primary screen.
        Placement gone = new Placement(new WindowBounds(2000, 100, 1200, 800), false);
        assertThat(WindowSettings.place(Optional.of(gone), List.of(LAPTOP))).isEqualTo(new Placement(LAPTOP, false));
        // Left larger than this screen, partly off its edge: shrunk and moved in.
        Placement big = new Placement(new WindowBounds(300, 200, 1440, 900), false);
        assertThat(WindowSettings.place(Optional.of(big), List.of(LAPTOP))).isEqualTo(new Placement(LAPTOP, false));
        Placement offEdge = new Placement(new WindowBounds(800, 400, 1000, 600), false);
        assertThat(WindowSettings.place(Optional.of(offEdge), List.of(LAPTOP)).bounds())
                .isEqualTo(new WindowBounds(366, 168, 1000, 600));
    }

    @Test
    void savedPlacementIsReadBackAndReplacedWhole() throws IOException {
        WindowSettings settings = new WindowSettings(dir.resolve("home").resolve("window.properties"));
        assertThat(settings.load()).isEmpty();
        Placement first = new Placement(new WindowBounds(-8, 24, 1280, 700), false);
        settings.save(first);
        assertThat(settings.load()).contains(first);
        Placement second = new Placement(new WindowBounds(0, 0, 1920, 1080), true);
        settings.save(second);
        assertThat(settings.load()).contains(second);
        try (Stream<Path> files = Files.list(dir.resolve("home"))) {
            assertThat(files).as("no half-written sibling left behind").noneMatch(f -> f.getFileName().toString()
                    .startsWith(AtomicFiles.TEMP_PREFIX));
        }
    }

    @Test
    void aDamagedFileMeansTheDefaultAndIsNotTrusted() throws IOException {
        Path file = dir.resolve("window.properties");
        WindowSettings settings = new WindowSettings(file);
        for (String damaged : List.of("x=1\ny=2\nwidth=wide\nheight=3\n", "x=1\ny=2\nheight=300\n",
                "x=0\ny=0\nwidth=-5\nheight=300\n", "x=NaN\ny=0\nwidth=800\nheight=600\n", "\\u12", "")) {
            Files.writeString(file, damaged, StandardCharsets.UTF_8);
            assertThat(settings.load()).as(damaged).isEmpty();
        }
        Files.delete(file);
        Files.createDirectory(file);
        assertThat(settings.load()).as("unreadable").isEmpty();
    }

    @Test
    void aPlaceThatCannotBeSavedIsLoggedNotThrown() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "x");
        WindowSettings settings = new WindowSettings(notAFolder.resolve("window.properties"));
        settings.save(new Placement(LAPTOP, false));
        assertThat(settings.load()).isEmpty();
        assertThat(notAFolder).hasContent("x");
    }
}
