package org.covidcxr.app.ui.startup;

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
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
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

    /** Runs on the JavaFX thread and returns its result. */
    /** Why the image cannot be shown, if so (checked before the window opens: it would wait for it in vain). */
    public static Optional<String> unreadable(Path file) {
        try {
            LoadedImage.read(file);
            return Optional.empty();
        } catch (ImageReadException e) {
            return Optional.of(e.getMessage());
        }
    }

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

    /** Writes a PNG of the whole window's scene. */
    public void snapshot(Path png) throws Exception {
        WritableImage image = onFx(() -> workstation.stage().getScene().snapshot(null));
        Files.createDirectories(png.toAbsolutePath().getParent());
        if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", png.toFile())) {
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
