package org.covidcxr.app.ui.training;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import org.covidcxr.app.training.TrainingServices;
import org.covidcxr.app.ui.common.BackgroundWork;
import org.covidcxr.app.ui.common.FailedCriteria;
import org.covidcxr.inference.sitetraining.CandidatePublisher;
import org.covidcxr.inference.sitetraining.ModelComparison;
import org.covidcxr.inference.sitetraining.RunFolder;
import org.covidcxr.inference.sitetraining.RunStatus;
import org.covidcxr.modelstore.ModelBundle;

/**
 * Step 6: publishes the candidate the Evaluate step compared (with an override confirmation when a criterion
 * failed), activates it, or discards it.
 */
public final class PublishStep {
    private final TrainingServices services;
    private final Executor background;
    private final Executor ui;

    /** The evaluated candidate on offer; null while none is (being evaluated, or discarded). */
    private final ReadOnlyObjectWrapper<ModelComparison> candidate = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper passed = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper publishedVersion = new ReadOnlyStringWrapper("");
    /** The trainer's confirmation to publish although a criterion failed; for this candidate's evaluation only. */
    private final BooleanProperty overrideConfirmed = new SimpleBooleanProperty();
    private final ReadOnlyBooleanWrapper activated = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper discarded = new ReadOnlyBooleanWrapper();
    private RunFolder run;

    PublishStep(TrainingServices services, Executor background, Executor ui) {
        this.services = services;
        this.background = background;
        this.ui = ui;
    }

    /**
     * Offers the outcome of an evaluation of {@code folder}'s candidate: {@code null} when one starts, which
     * withdraws the earlier one. Every result is decided on afresh: a confirmation never carries over.
     */
    void offer(RunFolder folder, ModelComparison result) {
        run = folder;
        overrideConfirmed.set(false);
        publishedVersion.set("");
        activated.set(false);
        discarded.set(false);
        passed.set(result != null && result.passed());
        candidate.set(result);
        status.set(result == null ? "" : EvaluateStep.verdict(result));
    }

    /**
     * Publishes the evaluated candidate: one that failed a criterion only with {@link #overrideConfirmedProperty()}
     * set (the model card and the audit log record it).
     */
    public void publish() {
        ModelComparison result = candidate.get();
        if (result == null || !publishedVersion.get().isEmpty() || busy.get()) {
            return;
        }
        boolean override = overrideConfirmed.get();
        busy.set(true);
        background.execute(() -> {
            try {
                ModelBundle bundle = CandidatePublisher.publish(run, services.store(), result, override,
                        services.user(), services.clock().instant());
                ui.execute(() -> {
                    publishedVersion.set(bundle.version());
                    status.set("Published as version " + bundle.version() + ". Activate it to use it for analysis.");
                    busy.set(false);
                });
            } catch (IOException | RuntimeException e) {
                ui.execute(() -> {
                    status.set("Publishing failed: " + BackgroundWork.logged("Publishing a model", e));
                    busy.set(false);
                });
            }
        });
    }

    /**
     * Why activating the published version needs the trainer's confirmation once more: it failed a criterion
     * (publishing it was one decision, putting it into use is another). Empty for a candidate that passed.
     */
    public Optional<FailedCriteria> activationWarning() {
        String version = publishedVersion.get();
        return version.isEmpty() || passed.get() ? Optional.empty() : Optional.of(FailedCriteria.of(version));
    }

    /**
     * Makes the published version the one every analysis uses.
     *
     * @param confirmation how the trainer confirmed it where {@link #activationWarning()} asked for it
     */
    public void activate(Optional<String> confirmation) {
        String version = publishedVersion.get();
        if (version.isEmpty() || busy.get()) {
            return;
        }
        busy.set(true);
        background.execute(() -> {
            try {
                services.store().activate(version, confirmation);
                ui.execute(() -> {
                    activated.set(true);
                    status.set("Version " + version + " is now active; the Models view rolls back in one click.");
                    busy.set(false);
                });
            } catch (RuntimeException e) {
                ui.execute(() -> {
                    status.set("Activation failed: " + BackgroundWork.logged("Activating a model", e));
                    busy.set(false);
                });
            }
        });
    }

    /** Drops the candidate: the run is kept for the record, but marked discarded. */
    public void discard() {
        if (run == null || !publishedVersion.get().isEmpty()) {
            return;
        }
        try {
            run.save(run.state().withStatus(RunStatus.DISCARDED, "Discarded by " + services.user()));
            candidate.set(null);
            discarded.set(true);
            status.set("The new model was discarded; the active model is unchanged.");
        } catch (IOException e) {
            status.set("Could not record the discard: " + BackgroundWork.logged("Discarding a candidate", e));
        }
    }

    public ReadOnlyObjectProperty<ModelComparison> candidateProperty() {
        return candidate.getReadOnlyProperty();
    }

    /** Whether the candidate on offer meets every acceptance criterion. */
    public ReadOnlyBooleanProperty passedProperty() {
        return passed.getReadOnlyProperty();
    }

    /** Publishing or activating is under way. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public BooleanProperty overrideConfirmedProperty() {
        return overrideConfirmed;
    }

    /** The version the candidate was published as; empty until it is. */
    public ReadOnlyStringProperty publishedVersionProperty() {
        return publishedVersion.getReadOnlyProperty();
    }

    /** The candidate on offer was discarded. */
    public ReadOnlyBooleanProperty discardedProperty() {
        return discarded.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty activatedProperty() {
        return activated.getReadOnlyProperty();
    }
}
