package org.covidcxr.app.home;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.covidcxr.files.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main window's size and place, remembered between sessions in a small properties file. The file is replaced
 * atomically, so a crash while saving leaves the previous one; a missing or damaged file only means the default
 * place, and a remembered place that no screen shows any more (a monitor unplugged, a smaller display) is fitted
 * onto a screen that is there.
 */
public final class WindowSettings {
    /** The default window where the screen has room for it. */
    public static final double DEFAULT_WIDTH = 1440;
    public static final double DEFAULT_HEIGHT = 900;
    private static final Logger LOG = LoggerFactory.getLogger(WindowSettings.class);

    /** What is remembered: the window's bounds when neither maximised nor minimised, and whether it was maximised. */
    public record Placement(WindowBounds bounds, boolean maximized) {
    }

    private final Path file;

    public WindowSettings(Path file) {
        this.file = file;
    }

    /** The remembered placement; empty when there is none or it cannot be read (logged). */
    public Optional<Placement> load() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("The window's size and place cannot be read ({}); the default is used", e.getMessage());
            return Optional.empty();
        }
        try (Reader reader = new StringReader(text)) {
            Properties p = new Properties();
            p.load(reader);
            return Optional.of(new Placement(new WindowBounds(number(p, "x"), number(p, "y"), number(p, "width"),
                    number(p, "height")), Boolean.parseBoolean(p.getProperty("maximized"))));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("The window's size and place in {} are damaged ({}); the default is used", file,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** Remembers the placement; a failure is logged, never thrown: the window is closing. */
    public void save(Placement placement) {
        WindowBounds b = placement.bounds();
        String text = String.format(Locale.ROOT, "# The workstation's main window, saved when it closed%n"
                + "x=%.0f%ny=%.0f%nwidth=%.0f%nheight=%.0f%nmaximized=%b%n", b.x(), b.y(), b.width(), b.height(),
                placement.maximized());
        try {
            AtomicFiles.PLAIN.write(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("The window's size and place cannot be saved to {}: {}", file, e.getMessage());
        }
    }

    /**
     * Where the window opens: where it was left if a screen still shows its centre, fitted into that screen's
     * visible area; otherwise at the default size, fitted and centred on the primary screen.
     *
     * @param screens the visible areas of the screens (without task bars and docks), the primary one first
     */
    public static Placement place(Optional<Placement> saved, List<WindowBounds> screens) {
        if (screens.isEmpty()) {
            throw new IllegalArgumentException("no screen to place the window on");
        }
        return saved.flatMap(s -> screens.stream().filter(area -> area.containsCentreOf(s.bounds())).findFirst()
                        .map(area -> new Placement(s.bounds().fittedInto(area), s.maximized())))
                .orElseGet(() -> new Placement(screens.get(0).centred(DEFAULT_WIDTH, DEFAULT_HEIGHT), false));
    }

    private static double number(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return Double.parseDouble(value.trim()); // NumberFormatException is an IllegalArgumentException
    }
}
