package org.covidcxr.app.ui.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.covidcxr.app.training.Throughput;
import org.covidcxr.app.training.TrainingServices;
import org.covidcxr.app.ui.common.BackgroundWork;
import org.covidcxr.inference.sitetraining.RunFolder;
import org.covidcxr.inference.sitetraining.RunState;
import org.covidcxr.inference.sitetraining.RunStatus;
import org.covidcxr.inference.sitetraining.TrainingEvent;
import org.covidcxr.inference.sitetraining.TrainingProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 4: runs training in a separate process and follows its progress log: live loss and validation AUROC curves,
 * epoch and ETA, pause, cancel, resume (also of a run left behind by a closed or crashed workstation).
 */
public final class TrainStep {
    private static final Logger LOG = LoggerFactory.getLogger(TrainStep.class);
    /** How much of a failed worker's own log is copied into the workstation's. */
    private static final int WORKER_LOG_LINES = 60;
    /** How often the progress log is read while training. */
    static final long POLL_MILLIS = 300;

    private final TrainingServices services;
    private final Executor monitor;
    private final Executor ui;

    private final ObjectProperty<RunFolder> run = new SimpleObjectProperty<>();
    private final ObjectProperty<RunStatus> status = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper training = new ReadOnlyBooleanWrapper();
    /** A stopped run's cancellation is being written to disk: resuming or cancelling again waits for it. */
    private final ReadOnlyBooleanWrapper changing = new ReadOnlyBooleanWrapper();
    private final ObservableList<ChartPoint> loss = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> validationLoss = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> validationAuroc = FXCollections.observableArrayList();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty epochText = new SimpleStringProperty("");
    private final StringProperty etaText = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final BiConsumer<Throughput, Double> measuredThroughput;
    /** The shown run's configuration, which its measured speed is recorded under; UI thread only. */
    private Throughput shownSettings;
    /** The running process; read and written on the UI thread only. */
    private TrainingProcess process;
    /** A pause (true) or cancel (false) asked for while the process was still starting. */
    private Boolean pendingStop;

    /**
     * @param monitor             a thread that may block for the length of a run (follows the progress log)
     * @param measuredThroughput  told the training images/s once a run reports it, with the run's configuration
     *                            (for later time estimates)
     */
    TrainStep(TrainingServices services, Executor monitor, Executor ui,
              BiConsumer<Throughput, Double> measuredThroughput) {
        this.services = services;
        this.monitor = monitor;
        this.ui = ui;
        this.measuredThroughput = measuredThroughput;
    }

    /** Shows a run (a new one, or one found on disk) without starting it. */
    void show(RunFolder folder) throws IOException {
        run.set(folder);
        RunState state = folder.reconcile();
        shownSettings = Throughput.of(state.settings());
        apply(state, folder.events());
    }

    /** Shows no run any more (the wizard starts over); the run stays on disk. */
    void clear() {
        if (training.get()) {
            return;
        }
        run.set(null);
        status.set(null);
        shownSettings = null;
        process = null;
        loss.clear();
        validationLoss.clear();
        validationAuroc.clear();
        progress.set(0);
        epochText.set("");
        etaText.set("");
        message.set("");
    }

    /** Starts or resumes training of the shown run, from the model it was prepared with. */
    public void start() {
        RunFolder folder = run.get();
        if (folder == null || training.get() || changing.get()) {
            return;
        }
        training.set(true);
        process = null;
        pendingStop = null;
        message.set("Starting the training process…");
        // Off the UI thread: the parent model is verified (its files hashed) before the process starts.
        monitor.execute(() -> {
            TrainingProcess started;
            try {
                RunState state = folder.reconcile();
                Optional<Path> parent = Optional.ofNullable(state.parentVersion())
                        .map(v -> services.store().bundle(v).directory());
                started = TrainingProcess.start(folder, parent);
            } catch (IOException | RuntimeException e) {
                LOG.error("Training run {} could not start", folder.folder().getFileName(), e);
                ui.execute(() -> {
                    training.set(false);
                    message.set("Training could not start: " + e.getMessage());
                });
                return;
            }
            ui.execute(() -> {
                process = started;
                status.set(RunStatus.TRAINING);
                message.set("Training…");
                if (pendingStop != null) {
                    request(pendingStop);
                }
            });
            follow(started);
        });
    }

    public void pause() {
        request(true);
    }

    /**
     * Cancels the run: a running process after its current step; a paused, interrupted or not yet started run at
     * once (its state on disk says so, and it can no longer be resumed).
     */
    public void cancel() {
        RunFolder folder = run.get();
        RunStatus now = status.get();
        // TRAINING without a process here: the wizard lost track of it; the run on disk says whether it still runs.
        if (!training.get() && folder != null && now != null && (now.resumable() || now == RunStatus.TRAINING)) {
            if (changing.get()) {
                return;
            }
            changing.set(true);
            monitor.execute(() -> {
                try {
                    RunState state = folder.reconcile();
                    if (!state.status().resumable()) {
                        ui.execute(() -> {
                            changing.set(false);
                            status.set(state.status());
                            message.set("The run cannot be cancelled: it is " + state.status().name().toLowerCase()
                                    + ".");
                        });
                        return;
                    }
                    folder.save(state.withStatus(RunStatus.CANCELLED, "Cancelled by the trainer."));
                    ui.execute(() -> {
                        changing.set(false);
                        status.set(RunStatus.CANCELLED);
                        etaText.set("");
                        message.set("Cancelled. Start a new run to train again; this run's folder stays on disk.");
                    });
                } catch (IOException e) {
                    ui.execute(() -> {
                        changing.set(false);
                        message.set("The run could not be cancelled: " + BackgroundWork.logged("Cancelling a run", e));
                    });
                }
            });
            return;
        }
        request(false);
    }

    private void request(boolean pause) {
        if (process == null || !process.alive()) {
            if (training.get()) {
                // The process is still starting: the request is passed on as soon as it runs.
                pendingStop = pause;
                message.set(pause ? "Pausing as soon as training has started…"
                        : "Cancelling as soon as training has started…");
            }
            return;
        }
        try {
            if (pause) {
                process.pause();
            } else {
                process.cancel();
            }
            message.set(pause ? "Pausing after the current step…" : "Cancelling after the current step…");
        } catch (IOException e) {
            message.set("The request could not be passed on: " + BackgroundWork.logged("Pausing or cancelling", e));
        }
    }

    /** Polls the progress log until the process ends, then shows how the run ended. */
    private void follow(TrainingProcess p) {
        try {
            while (p.alive()) {
                List<TrainingEvent> events = p.run().events();
                ui.execute(() -> apply(null, events));
                Thread.sleep(POLL_MILLIS);
            }
            RunState state = p.await();
            if (state.status() == RunStatus.FAILED) {
                // The worker wrote its stack trace to its own log; the workstation's log is the one users send.
                LOG.error("Training run {} failed: {}\n{}", p.run().folder().getFileName(), state.message(),
                        p.run().workerLogTail(WORKER_LOG_LINES));
            }
            List<TrainingEvent> events = p.run().events();
            ui.execute(() -> {
                apply(state, events);
                training.set(false);
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.error("Lost track of training run {}", p.run().folder().getFileName(), e);
            ui.execute(() -> {
                message.set("Lost track of the training process: " + e.getMessage());
                training.set(false);
            });
        }
    }

    /** Rebuilds the curves from the whole log (robust against restarts: steps of an epoch that was redone vanish). */
    private void apply(RunState state, List<TrainingEvent> events) {
        List<ChartPoint> steps = new ArrayList<>();
        List<ChartPoint> valLoss = new ArrayList<>();
        List<ChartPoint> valAuroc = new ArrayList<>();
        int epochs = 1;
        TrainingEvent lastStep = null;
        for (TrainingEvent e : events) {
            switch (e.type()) {
                case START -> {
                    epochs = Math.max(1, e.epochs());
                    int resumedAfter = e.epoch();
                    steps.removeIf(point -> point.x() > resumedAfter);
                }
                case STEP -> {
                    steps.add(new ChartPoint(e.epoch() - 1 + (double) e.step() / e.steps(), e.loss()));
                    lastStep = e;
                }
                case EPOCH -> {
                    valLoss.add(new ChartPoint(e.epoch(), e.valLoss()));
                    if (Double.isFinite(e.valAuroc())) {
                        valAuroc.add(new ChartPoint(e.epoch(), e.valAuroc()));
                    }
                    if (shownSettings != null) {
                        measuredThroughput.accept(shownSettings, e.imagesPerSecond());
                    }
                }
                case MESSAGE, END -> message.set(e.text());
            }
        }
        // Replace only what changed: the charts redraw on every list change.
        if (!steps.equals(loss)) {
            loss.setAll(steps);
        }
        if (!valLoss.equals(validationLoss)) {
            validationLoss.setAll(valLoss);
        }
        if (!valAuroc.equals(validationAuroc)) {
            validationAuroc.setAll(valAuroc);
        }
        if (lastStep != null) {
            progress.set(Math.min(1, (lastStep.epoch() - 1 + (double) lastStep.step() / lastStep.steps()) / epochs));
            epochText.set("Epoch " + lastStep.epoch() + " of " + lastStep.epochs() + ", step " + lastStep.step()
                    + " of " + lastStep.steps() + String.format(" — %.1f images/s", lastStep.imagesPerSecond()));
            etaText.set(training.get() ? timeLeft(lastStep.etaSeconds()) : "");
        }
        if (state != null) {
            status.set(state.status());
            if (!state.message().isBlank()) {
                message.set(state.message());
            }
            if (state.status() == RunStatus.TRAINED) {
                progress.set(1);
                etaText.set("");
            }
        }
    }

    static String timeLeft(double seconds) {
        return seconds < 60 ? "Less than a minute left" : "About " + Math.round(seconds / 60.0) + " min left";
    }

    public ObjectProperty<RunFolder> runProperty() {
        return run;
    }

    public ObjectProperty<RunStatus> statusProperty() {
        return status;
    }

    public ReadOnlyBooleanProperty trainingProperty() {
        return training.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty changingProperty() {
        return changing.getReadOnlyProperty();
    }

    public ObservableList<ChartPoint> loss() {
        return loss;
    }

    public ObservableList<ChartPoint> validationLoss() {
        return validationLoss;
    }

    public ObservableList<ChartPoint> validationAuroc() {
        return validationAuroc;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty epochTextProperty() {
        return epochText;
    }

    public StringProperty etaTextProperty() {
        return etaText;
    }

    public StringProperty messageProperty() {
        return message;
    }
}
