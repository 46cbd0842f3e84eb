package org.covidcxr.app.ui.common;

import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work a screen hands to a background thread: while any runs the screen is busy and says what it does; the result
 * comes back on the UI thread; a failure is logged once, with its cause, and handed to the screen (usually as a
 * notice). Every property changes on the UI executor only.
 */
public final class BackgroundWork {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundWork.class);

    /** The slow part, run on a background thread. */
    @FunctionalInterface
    public interface Job<T> {
        T call() throws Exception;
    }

    private final Executor ui;
    private final Supplier<String> idleStatus;
    private final ObservableList<Notice> notices = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Ready");
    private int pending;

    /**
     * @param ui         the UI thread ({@code Platform::runLater}; a direct executor in tests)
     * @param idleStatus what the status line says when nothing is pending
     */
    public BackgroundWork(Executor ui, Supplier<String> idleStatus) {
        this.ui = ui;
        this.idleStatus = idleStatus;
    }

    /**
     * Runs {@code job} on {@code where}; then {@code done} with its result, or {@code failed} with what it threw, on
     * the UI thread. Must be called on the UI thread.
     *
     * @param activity what the status line says meanwhile ("Opening x…"); also names the failure in the log
     */
    public <T> void run(Executor where, String activity, Job<T> job, Consumer<T> done, Consumer<Throwable> failed) {
        begin(activity);
        where.execute(() -> {
            T result;
            try {
                result = job.call();
            } catch (Exception | OutOfMemoryError e) {
                LOG.error("{} failed", activity.replace("…", ""), e);
                ui.execute(() -> finish(() -> failed.accept(e)));
                return;
            }
            ui.execute(() -> finish(() -> done.accept(result)));
        });
    }

    /** A failure handler that tells the user, under {@code title}, what went wrong. */
    public Consumer<Throwable> notice(String title) {
        return e -> notify(Notice.Level.ERROR, title, messageOf(e));
    }

    /**
     * For work that reports its own failures (the wizard's steps, the Models tab): logs the failure once, with its
     * cause, and gives it in words for the message the screen shows.
     */
    public static String logged(String activity, Throwable e) {
        LOG.error("{} failed", activity, e);
        return messageOf(e);
    }

    /** The failure in words: its own message, or what it was when it has none. */
    public static String messageOf(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    public void notify(Notice.Level level, String title, String text) {
        if (level != Notice.Level.INFO) {
            LOG.info("Told the user: {}: {}", title, text);
        }
        notices.add(new Notice(level, title, text));
    }

    /** Marks the screen busy for work it tracks itself (e.g. a step that continues in another job). */
    public void begin(String activity) {
        pending++;
        busy.set(true);
        status.set(activity);
    }

    public void end() {
        pending = Math.max(0, pending - 1);
        busy.set(pending > 0);
        if (pending == 0) {
            status.set(idleStatus.get());
        }
    }

    private void finish(Runnable handler) {
        try {
            handler.run();
        } finally {
            end();
        }
    }

    /** Everything the user was told, oldest first; the view shows each new one as a notification. */
    public ObservableList<Notice> notices() {
        return notices;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
