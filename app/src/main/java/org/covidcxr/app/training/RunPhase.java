package org.covidcxr.app.training;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The training wizard's state machine: where the trainer's run stands, what the trainer can do there (each
 * {@link Action} is one control of the wizard, enabled exactly when the phase offers it) and where the work an action
 * starts leads by itself (a copy ends, a training process stops, an evaluation completes). Every phase offers an
 * action or is work under way that leads on by itself, so the wizard is never stuck; every phase is reachable from
 * {@link #IDLE}.
 */
public enum RunPhase {
    /** No run yet: data, split and settings are being chosen. */
    IDLE,
    /** The de-identified dataset is being copied into a new run folder. */
    COPYING,
    /** A training process is working, or starting. */
    TRAINING,
    /** Stopped before its end: paused, interrupted (closed or crashed workstation), or prepared and never started. */
    PAUSED,
    /** Training ended with a candidate model, not (yet) compared with the active one. */
    FINISHED,
    /** The candidate is being compared with the active model on the site test split. */
    EVALUATING,
    /** The comparison is shown: publish, discard, or evaluate again. */
    EVALUATED,
    /** The candidate is being added to the model store (seconds; not cancellable). */
    PUBLISHING,
    PUBLISHED,
    DISCARDED,
    CANCELLED,
    FAILED;

    /** What the trainer does, each through one control of the wizard. */
    public enum Action {
        START, CANCEL_COPY, PAUSE, RESUME, CANCEL, EVALUATE, CANCEL_EVALUATION, PUBLISH, ACTIVATE, DISCARD, NEW_RUN
    }

    private static final Map<RunPhase, Map<Action, RunPhase>> ACTIONS = new EnumMap<>(RunPhase.class);
    private static final Map<RunPhase, Set<RunPhase>> OUTCOMES = new EnumMap<>(RunPhase.class);

    static {
        offer(IDLE, Action.START, COPYING);
        offer(COPYING, Action.CANCEL_COPY, IDLE);
        leadsTo(COPYING, TRAINING, IDLE); // copied and started; or the copy failed
        offer(TRAINING, Action.PAUSE, PAUSED);
        offer(TRAINING, Action.CANCEL, CANCELLED);
        leadsTo(TRAINING, FINISHED, FAILED, PAUSED, CANCELLED); // PAUSED also when the process dies
        offer(PAUSED, Action.RESUME, TRAINING);
        offer(PAUSED, Action.CANCEL, CANCELLED);
        offer(FINISHED, Action.EVALUATE, EVALUATING);
        offer(FINISHED, Action.NEW_RUN, IDLE);
        offer(EVALUATING, Action.CANCEL_EVALUATION, FINISHED);
        leadsTo(EVALUATING, EVALUATED, FINISHED); // FINISHED when it fails or no model is active
        offer(EVALUATED, Action.PUBLISH, PUBLISHING);
        leadsTo(PUBLISHING, PUBLISHED, EVALUATED); // EVALUATED when publishing fails
        offer(EVALUATED, Action.DISCARD, DISCARDED);
        offer(EVALUATED, Action.EVALUATE, EVALUATING);
        offer(EVALUATED, Action.NEW_RUN, IDLE); // the candidate stays undecided; the wizard offers it again later
        offer(PUBLISHED, Action.ACTIVATE, PUBLISHED);
        offer(PUBLISHED, Action.NEW_RUN, IDLE);
        offer(DISCARDED, Action.NEW_RUN, IDLE);
        offer(CANCELLED, Action.NEW_RUN, IDLE);
        offer(FAILED, Action.NEW_RUN, IDLE);
    }

    private static void offer(RunPhase from, Action action, RunPhase to) {
        ACTIONS.computeIfAbsent(from, p -> new EnumMap<>(Action.class)).put(action, to);
    }

    private static void leadsTo(RunPhase from, RunPhase... to) {
        OUTCOMES.put(from, Set.of(to));
    }

    /** The actions this phase offers the trainer. */
    public Set<Action> actions() {
        Map<Action, RunPhase> offered = ACTIONS.get(this);
        return offered == null ? EnumSet.noneOf(Action.class) : EnumSet.copyOf(offered.keySet());
    }

    public boolean allows(Action action) {
        return after(action).isPresent();
    }

    /** The phase {@code action} leads to from this one (once the work it starts is under way); empty if not offered. */
    public Optional<RunPhase> after(Action action) {
        return Optional.ofNullable(ACTIONS.getOrDefault(this, Map.of()).get(action));
    }

    /** The phases the work going on in this phase may lead to without the trainer. */
    public Set<RunPhase> outcomes() {
        return OUTCOMES.getOrDefault(this, Set.of());
    }
}
