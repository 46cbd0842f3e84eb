package org.covidcxr.app.ui.startup;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.covidcxr.app.home.AppHome;
import org.covidcxr.app.session.LoadedImage;
import org.covidcxr.dicom.ImageReadException;

/**
 * Runs a real workstation window from plain code (no {@code Application} subclass): the screenshot and benchmark
 * commands drive it like a user would and wait for what the user would wait for.
 */
public final class WorkstationDriver implements AutoCloseable {
    private final Workstation workstation;

    private WorkstationDriver(Workstation workstation) {
        this.workstation = workstation;
    }

    /** Starts JavaFX (once per process) and shows a workstation window. */
    public static WorkstationDriver start(AppHome home, Path modelStore, double width, double height)
            throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            Platform.startup(() -> started.complete(null));
        } catch (IllegalStateException alreadyRunning) {
            started.complete(null);
        }
        started.get(60, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);
        Workstation ws = onFx(() -> {
            Workstation created = Workstation.create(new Stage(), home, modelStore);
            created.stage().setWidth(width);
            created.stage().setHeight(height);
            created.show();
            return created;
        });
        return new WorkstationDriver(ws);
    }

    public Workstation workstation() {
        return workstation;
    }

    /** Resizes the window and waits until the window system has done so (it answers asynchronously). */
    public void resize(double width, double height) throws Exception {
        Stage stage = workstation.stage();
        Scene scene = stage.getScene();
        // The scene follows once the window system confirms; decorations (if any) keep their size.
        double[] inner = onFx(() -> {
            double[] size = {width - (stage.getWidth() - scene.getWidth()),
                    height - (stage.getHeight() - scene.getHeight())};
            stage.setWidth(width);
            stage.setHeight(height);
            return size;
        });
        await(() -> scene.getWidth() == inner[0] && scene.getHeight() == inner[1], 10_000);
    }

    /** Why the image cannot be shown, if so (checked before the window opens: it would wait for it in vain). */
    public static Optional<String> unreadable(Path file) {
        try {
            LoadedImage.read(file);
            return Optional.empty();
        } catch (ImageReadException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Runs on the JavaFX thread and returns its result. */
    public static <T> T onFx(Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(action.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** Polls (on the JavaFX thread) until the condition holds; returns the milliseconds waited. */
    public static long await(BooleanSupplier condition, long timeoutMillis) throws Exception {
        long start = System.nanoTime();
        while (!onFx(condition::getAsBoolean)) {
            if ((System.nanoTime() - start) / 1_000_000 > timeoutMillis) {
                throw new TimeoutException("the workstation did not settle within " + timeoutMillis + " ms");
            }
            Thread.sleep(5);
        }
        onFx(() -> null); // one more pulse so the last change is on screen
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * Writes a PNG of the window's scene with the dialogs it owns drawn where they stand over it (a screenshot
     * without a window manager's decorations).
     */
    public void snapshot(Path png) throws Exception {
        BufferedImage image = onFx(() -> {
            Stage stage = workstation.stage();
            BufferedImage window = SwingFXUtils.fromFXImage(stage.getScene().snapshot(null), null);
            Graphics2D g = window.createGraphics();
            for (Window w : Window.getWindows()) {
                if (w instanceof Stage dialog && dialog.getOwner() == stage && dialog.isShowing()) {
                    int x = (int) Math.round(dialog.getX() + dialog.getScene().getX() - stage.getX()
                            - stage.getScene().getX());
                    int y = (int) Math.round(dialog.getY() + dialog.getScene().getY() - stage.getY()
                            - stage.getScene().getY());
                    BufferedImage content = SwingFXUtils.fromFXImage(dialog.getScene().snapshot(null), null);
                    g.drawImage(content, x, y, null);
                    g.setColor(Color.GRAY);
                    g.drawRect(x - 1, y - 1, content.getWidth() + 1, content.getHeight() + 1);
                }
            }
            g.dispose();
            return window;
        });
        Files.createDirectories(png.toAbsolutePath().getParent());
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    @Override
    public void close() throws Exception {
        onFx(() -> {
            workstation.stage().hide();
            workstation.close();
            return null;
        });
    }
}
