package org.covidcxr.app.ui.training;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.covidcxr.app.training.RunPhase;
import org.covidcxr.app.training.RunPhase.Action;
import org.covidcxr.app.training.Throughput;
import org.covidcxr.app.training.TrainingServices;
import org.covidcxr.app.ui.common.BackgroundWork;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.sitetraining.Cancellation;
import org.covidcxr.inference.sitetraining.RunFolder;
import org.covidcxr.inference.sitetraining.RunPreparation;
import org.covidcxr.inference.sitetraining.RunState;
import org.covidcxr.inference.sitetraining.RunStatus;
import org.covidcxr.inference.sitetraining.SiteSource;
import org.covidcxr.inference.sitetraining.SiteTrainingSettings;
import org.covidcxr.inference.sitetraining.Split;
import org.covidcxr.inference.sitetraining.TrainingEvent;

/**
 * The training wizard: Data → Split → Settings → Train → Evaluate → Publish. Each step's state lives in its own
 * object; this one navigates, hands results from step to step, prepares the run folder, and offers to continue a
 * run that a closed or crashed workstation left behind. Where the run stands is one {@link RunPhase}, read from the
 * steps' state; each control of the steps is enabled exactly when the phase offers its action (the notice about a
 * run left behind is shown only while no work is under way). Every property changes on the UI executor.
 */
public final class TrainingWizardViewModel {

    public enum Step {
        DATA("Data"), SPLIT("Split"), SETTINGS("Settings"), TRAIN("Train"), EVALUATE("Evaluate"),
        PUBLISH("Publish");

        private final String title;

        Step(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final TrainingServices services;
    private final Executor background;
    private final Executor ui;
    private final DataStep data;
    private final SplitStep split = new SplitStep();
    private final SettingsStep settings = new SettingsStep();
    private final TrainStep train;
    private final EvaluateStep evaluate;
    private final PublishStep publish;

    private final ObjectProperty<Step> step = new SimpleObjectProperty<>(Step.DATA);
    private final BooleanProperty preparing = new SimpleBooleanProperty();
    private final DoubleProperty prepareProgress = new SimpleDoubleProperty();
    private Cancellation preparation = new Cancellation();
    private final StringProperty message = new SimpleStringProperty("");
    /** Whether the message reports a problem (shown as one) or only what is going on. */
    private final BooleanProperty messageIsProblem = new SimpleBooleanProperty();
    private final ObjectProperty<RunFolder> unfinished = new SimpleObjectProperty<>();
    private final StringProperty unfinishedNotice = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper unfinishedCancellable = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<RunPhase> phase = new ReadOnlyObjectWrapper<>(RunPhase.IDLE);
    private final Map<Action, BooleanBinding> allowed = new HashMap<>();
    private final BooleanBinding canGoNext;
    private final BooleanBinding canGoBack;
    private final BooleanBinding unfinishedOffered;
    private Runnable onModelsChanged = () -> { };

    /**
     * @param background short and medium jobs (scan, copy, evaluation, publishing)
     * @param monitor    a thread that follows a training process for as long as it runs
     * @param ui         the UI thread ({@code Platform::runLater}; a direct executor in tests)
     */
    public TrainingWizardViewModel(TrainingServices services, Executor background, Executor monitor, Executor ui) {
        this.services = services;
        this.background = background;
        this.ui = ui;
        this.data = new DataStep(services, background, ui);
        this.train = new TrainStep(services, monitor, ui, settings::measured);
        this.publish = new PublishStep(services, background, ui);
        this.evaluate = new EvaluateStep(services, background, ui, publish::offer);

        data.resultProperty().addListener((o, a, scan) -> split.plan(scan));
        split.seedProperty().addListener((o, a, b) -> split.plan(data.resultProperty().get()));
        split.validationFractionProperty().addListener((o, a, b) -> split.plan(data.resultProperty().get()));
        split.testFractionProperty().addListener((o, a, b) -> split.plan(data.resultProperty().get()));
        split.planProperty().addListener((o, a, plan) -> settings.updateEstimate(plan));
        publish.activatedProperty().addListener((o, a, now) -> onModelsChanged.run());
        publish.publishedVersionProperty().addListener((o, a, now) -> onModelsChanged.run());

        phase.bind(Bindings.createObjectBinding(this::currentPhase, preparing, train.trainingProperty(),
                train.statusProperty(), evaluate.evaluatingProperty(), evaluate.comparisonProperty(),
                publish.busyProperty(), publish.publishedVersionProperty(), publish.discardedProperty()));
        canGoNext = Bindings.createBooleanBinding(() -> switch (step.get()) {
            case DATA -> data.resultProperty().get() != null && !data.resultProperty().get().images().isEmpty();
            case SPLIT -> split.planProperty().get() != null;
            case SETTINGS -> false; // leaving Settings means starting training: startTraining()
            case TRAIN -> phase.get().allows(Action.EVALUATE);
            case EVALUATE -> phase.get() == RunPhase.EVALUATED;
            case PUBLISH -> false;
        }, step, data.resultProperty(), split.planProperty(), phase);
        // Once a run exists its data and settings are fixed: going back would suggest they could still change. From
        // Publish the trainer may go back to the evaluation until deciding on it.
        unfinishedOffered = Bindings.createBooleanBinding(() -> unfinished.get() != null && !working(), unfinished,
                phase, publish.busyProperty());
        canGoBack = Bindings.createBooleanBinding(() -> switch (step.get()) {
            case DATA, TRAIN, EVALUATE -> false;
            case SPLIT, SETTINGS -> phase.get() == RunPhase.IDLE;
            case PUBLISH -> phase.get() == RunPhase.EVALUATED;
        }, step, phase);
    }

    /** Where the run stands, read from the steps: the work under way first, then the decision taken, then the run. */
    private RunPhase currentPhase() {
        if (preparing.get()) {
            return RunPhase.COPYING;
        }
        if (train.trainingProperty().get()) {
            return RunPhase.TRAINING;
        }
        if (evaluate.evaluatingProperty().get()) {
            return RunPhase.EVALUATING;
        }
        if (publish.busyProperty().get() && publish.publishedVersionProperty().get().isEmpty()) {
            return RunPhase.PUBLISHING;
        }
        if (!publish.publishedVersionProperty().get().isEmpty()) {
            return RunPhase.PUBLISHED;
        }
        if (publish.discardedProperty().get()) {
            return RunPhase.DISCARDED;
        }
        if (evaluate.comparisonProperty().get() != null) {
            return RunPhase.EVALUATED;
        }
        RunStatus status = train.statusProperty().get();
        if (status == null) {
            return RunPhase.IDLE;
        }
        return switch (status) {
            // TRAINING without a process here: it was lost track of, or died; reconciled as interrupted on disk
            case PREPARED, PAUSED, INTERRUPTED, TRAINING -> RunPhase.PAUSED;
            case TRAINED -> RunPhase.FINISHED;
            case CANCELLED -> RunPhase.CANCELLED;
            case FAILED -> RunPhase.FAILED;
            case PUBLISHED -> RunPhase.PUBLISHED;
            case DISCARDED -> RunPhase.DISCARDED;
        };
    }

    public ReadOnlyObjectProperty<RunPhase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** Whether the phase offers {@code action}: what the control that performs it is enabled by. */
    public BooleanBinding allows(Action action) {
        return allowed.computeIfAbsent(action, a -> Bindings.createBooleanBinding(() -> phase.get().allows(a),
                phase));
    }

    /** Reads the active model and looks for a run to continue; call when the tab opens. */
    public void refresh() {
        background.execute(() -> {
            data.checkFeedback();
            Optional<String> active = services.store().activeVersion();
            Optional<RunFolder> left = unfinishedRun();
            String notice = left.map(TrainingWizardViewModel::unfinishedNotice).orElse("");
            boolean cancellable = left.map(TrainingWizardViewModel::resumable).orElse(false);
            Map<Throughput, Double> throughput = measuredThroughput();
            ui.execute(() -> {
                settings.parentVersionProperty().set(active.orElse(""));
                unfinished.set(working() ? null : left.orElse(null));
                unfinishedNotice.set(working() ? "" : notice);
                unfinishedCancellable.set(!working() && cancellable);
                throughput.forEach(settings::measured);
            });
        });
    }

    /**
     * Training images/s per configuration, from the newest run on this workstation with that configuration that
     * completed an epoch (runs are listed newest first), for time estimates.
     */
    private Map<Throughput, Double> measuredThroughput() {
        Map<Throughput, Double> out = new HashMap<>();
        try {
            for (RunFolder run : RunFolder.list(services.runsRoot())) {
                Throughput key = Throughput.of(run.state().settings());
                OptionalDouble ips = run.events().stream().filter(e -> e.type() == TrainingEvent.Type.EPOCH)
                        .mapToDouble(TrainingEvent::imagesPerSecond).filter(v -> v > 0).reduce((a, b) -> b);
                ips.ifPresent(v -> out.putIfAbsent(key, v));
            }
        } catch (IOException e) {
            // no estimate from history; the defaults stand
        }
        return out;
    }

    /** The newest run that can be resumed or was trained but not yet published or discarded. */
    private Optional<RunFolder> unfinishedRun() {
        try {
            RunFolder shown = train.runProperty().get();
            for (RunFolder run : RunFolder.list(services.runsRoot())) {
                if (shown != null && shown.folder().equals(run.folder())) {
                    continue;
                }
                RunStatus status = run.reconcile().status();
                if (status.resumable() || status == RunStatus.TRAINED || status == RunStatus.TRAINING) {
                    return Optional.of(run);
                }
            }
        } catch (IOException e) {
            ui.execute(() -> warn("Earlier runs cannot be read: "
                    + BackgroundWork.logged("Listing training runs", e)));
        }
        return Optional.empty();
    }

    /** The banner text for a run left unfinished (reads its state from disk: call off the UI thread). */
    private static String unfinishedNotice(RunFolder run) {
        try {
            return "An earlier training run is not finished: " + describe(run.state());
        } catch (IOException e) {
            return "An earlier training run is not finished.";
        }
    }

    /**
     * A run is being copied, trained, evaluated or published here: no other run is offered, since continuing one
     * would leave this one's process and results attached to the other.
     */
    private boolean working() {
        RunPhase now = phase.get();
        return now == RunPhase.COPYING || now == RunPhase.TRAINING || now == RunPhase.EVALUATING
                || publish.busyProperty().get();
    }

    private static boolean resumable(RunFolder run) {
        try {
            return run.reconcile().status().resumable();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Cancels the unfinished (paused or interrupted) run the restart notice offers, without opening it: recorded in
     * its state on disk; its folder stays.
     */
    public void cancelUnfinished() {
        RunFolder run = unfinished.get();
        if (run == null || working() || !unfinishedCancellable.get()) {
            return;
        }
        background.execute(() -> {
            try {
                run.save(run.state().withStatus(RunStatus.CANCELLED, "Cancelled by the trainer."));
                ui.execute(() -> {
                    unfinished.set(null);
                    unfinishedNotice.set("");
                    unfinishedCancellable.set(false);
                    inform("The earlier run was cancelled; its folder stays on disk.");
                });
            } catch (IOException e) {
                ui.execute(() -> warn("The earlier run could not be cancelled: "
                        + BackgroundWork.logged("Cancelling an earlier run", e)));
            }
        });
    }

    /** Opens the unfinished run in the Train step (resuming is then one click). */
    public void continueUnfinished() {
        RunFolder run = unfinished.get();
        if (run == null || working()) {
            return;
        }
        try {
            // The run shown so far stays on disk (offered again if undecided); its evaluation no longer applies.
            publish.offer(null, null);
            evaluate.clear();
            train.show(run);
            unfinished.set(null);
            unfinishedNotice.set("");
            step.set(Step.TRAIN);
        } catch (IOException e) {
            warn("The run cannot be opened: " + BackgroundWork.logged("Opening a training run", e));
        }
    }

    public void next() {
        if (!canGoNext.get()) {
            return;
        }
        Step target = Step.values()[step.get().ordinal() + 1];
        if (target == Step.EVALUATE) {
            evaluate.evaluate(train.runProperty().get());
        }
        step.set(target);
    }

    public void back() {
        if (canGoBack.get()) {
            step.set(Step.values()[step.get().ordinal() - 1]);
        }
    }

    /**
     * Starts over with new data. The previous run stays on disk; one left undecided (trained or evaluated, not
     * published or discarded) is offered again.
     */
    public void newRun() {
        if (!phase.get().allows(Action.NEW_RUN)) {
            return;
        }
        publish.offer(null, null);
        evaluate.clear();
        train.clear();
        step.set(Step.DATA);
        inform("");
        refresh();
    }

    /**
     * Fixes settings and criteria, copies the de-identified dataset into a new run folder (in the background) and
     * starts training.
     */
    public void startTraining() {
        if (!phase.get().allows(Action.START)) {
            return;
        }
        SiteTrainingSettings chosen;
        try {
            chosen = settings.settings();
            settings.criteria();
        } catch (IllegalArgumentException e) {
            warn(e.getMessage());
            return;
        }
        var scan = data.resultProperty().get();
        var plan = split.planProperty().get();
        List<SiteSource> sources = data.chosenSources();
        Optional<String> parent = settings.parent();
        if (chosen.fineTune() && parent.isEmpty()) {
            warn("No model is active to fine-tune: activate one in the Models view or train from scratch.");
            return;
        }
        String covid = ModelSignature.CLASSES.get(ModelSignature.COVID);
        if (plan.imageCounts().get(Split.VAL).getOrDefault(covid, 0) == 0) {
            // Checked before the copy: training chooses the COVID-19 threshold on the validation split.
            warn("The validation split has no COVID-19 image, so no operating threshold can be chosen. Add "
                    + "COVID-19 images of more patients (step 1) or raise the validation share (step 2).");
            return;
        }
        preparing.set(true);
        inform("Copying de-identified images into the run's dataset…");
        Cancellation token = new Cancellation();
        preparation = token;
        background.execute(() -> {
            try {
                RunFolder run = RunPreparation.prepare(services.runsRoot(), sources, scan, plan, chosen,
                        settings.criteria(), parent, services.user(), services.clock().instant(),
                        (done, total, file) -> ui.execute(() -> prepareProgress.set((double) done / total)),
                        token);
                ui.execute(() -> {
                    preparing.set(false);
                    inform("");
                    try {
                        train.show(run);
                    } catch (IOException e) {
                        warn(BackgroundWork.logged("Showing the new run", e));
                        return;
                    }
                    step.set(Step.TRAIN);
                    train.start();
                });
            } catch (IOException | RuntimeException e) {
                ui.execute(() -> {
                    preparing.set(false);
                    if (e instanceof CancellationException) {
                        inform("Copy cancelled; no run was created.");
                    } else {
                        warn("The run could not be prepared: " + BackgroundWork.logged("Preparing a run", e));
                    }
                });
            }
        });
    }

    /** Stops copying the dataset after the image in progress; the partial copy is removed. */
    public void cancelPreparation() {
        preparation.cancel();
    }

    /** Called after publishing or activating, e.g. to refresh the Models view. */
    public void setOnModelsChanged(Runnable action) {
        onModelsChanged = action;
    }

    public DataStep data() {
        return data;
    }

    public SplitStep split() {
        return split;
    }

    public SettingsStep settings() {
        return settings;
    }

    public TrainStep train() {
        return train;
    }

    public EvaluateStep evaluate() {
        return evaluate;
    }

    public PublishStep publish() {
        return publish;
    }

    public ObjectProperty<Step> stepProperty() {
        return step;
    }

    public BooleanBinding canGoNextProperty() {
        return canGoNext;
    }

    public BooleanBinding canGoBackProperty() {
        return canGoBack;
    }

    public BooleanProperty preparingProperty() {
        return preparing;
    }

    public DoubleProperty prepareProgressProperty() {
        return prepareProgress;
    }

    private void inform(String text) {
        messageIsProblem.set(false);
        message.set(text);
    }

    private void warn(String text) {
        messageIsProblem.set(true);
        message.set(text);
    }

    public ReadOnlyBooleanProperty messageIsProblemProperty() {
        return messageIsProblem;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public ReadOnlyStringProperty unfinishedNoticeProperty() {
        return unfinishedNotice;
    }

    /** Whether the unfinished run can be cancelled from the notice (it is paused or interrupted, not trained). */
    public ReadOnlyBooleanProperty unfinishedCancellableProperty() {
        return unfinishedCancellable.getReadOnlyProperty();
    }

    /**
     * Whether the notice about a run left behind is offered now: there is one, and no work of the shown run is under
     * way (continuing or cancelling another run then would pull the work's results out from under it).
     */
    public BooleanBinding unfinishedOfferedProperty() {
        return unfinishedOffered;
    }

    public ObjectProperty<RunFolder> unfinishedProperty() {
        return unfinished;
    }

    /** A one-line description of a run for the "continue" banner. */
    public static String describe(RunState state) {
        return state.runId() + " (" + state.status().name().toLowerCase() + ", started by " + state.createdBy() + ")";
    }
}
