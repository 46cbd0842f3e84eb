package org.covidcxr.app.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import org.covidcxr.app.training.RunPhase.Action;
import org.junit.jupiter.api.Test;

/** The wizard's state machine on its own: no phase is a dead end, none is unreachable, none a trap. */
class RunPhaseTest {

    @Test
    void everyPhaseOffersTheTrainerAWayForwardOrIsWorkThatLeadsOnByItself() {
        for (RunPhase phase : RunPhase.values()) {
            assertThat(phase.actions().isEmpty() && phase.outcomes().isEmpty()).as(phase + " is a dead end").isFalse();
        }
        // Work that cannot be cancelled is short and ends in a phase that offers the trainer something.
        assertThat(RunPhase.PUBLISHING.actions()).isEmpty();
        assertThat(RunPhase.PUBLISHING.outcomes()).allSatisfy(p -> assertThat(p.actions()).isNotEmpty());
    }

    @Test
    void everyPhaseIsReachableFromIdleAndEveryPhaseLeadsBackToANewRun() {
        for (RunPhase phase : RunPhase.values()) {
            assertThat(reachable(phase)).as("reachable from " + phase).contains(RunPhase.IDLE);
        }
        assertThat(reachable(RunPhase.IDLE)).containsExactlyInAnyOrder(RunPhase.values());
    }

    @Test
    void theIssuesDeadEndsAreGone() {
        // "After Cancel the wizard is stuck": a cancelled run offers a new one.
        assertThat(RunPhase.CANCELLED.after(Action.NEW_RUN)).contains(RunPhase.IDLE);
        // "A paused run cannot be cancelled."
        assertThat(RunPhase.PAUSED.after(Action.CANCEL)).contains(RunPhase.CANCELLED);
        assertThat(RunPhase.PAUSED.actions()).containsExactlyInAnyOrder(Action.RESUME, Action.CANCEL);
        // a publish is a decision made once, on an evaluation that is on screen
        assertThat(RunPhase.PUBLISHED.allows(Action.PUBLISH)).isFalse();
        assertThat(RunPhase.PUBLISHING.allows(Action.PUBLISH)).as("not twice").isFalse();
        assertThat(RunPhase.FINISHED.allows(Action.PUBLISH)).isFalse();
        assertThat(RunPhase.EVALUATING.allows(Action.PUBLISH)).isFalse();
        assertThat(RunPhase.TRAINING.allows(Action.START)).as("one run at a time").isFalse();
        assertThat(RunPhase.TRAINING.allows(Action.NEW_RUN)).isFalse();
    }

    /** Every phase the trainer's actions and the work they start can lead to from {@code start}. */
    private static Set<RunPhase> reachable(RunPhase start) {
        Set<RunPhase> seen = EnumSet.of(start);
        Deque<RunPhase> open = new ArrayDeque<>(seen);
        while (!open.isEmpty()) {
            RunPhase phase = open.pop();
            Set<RunPhase> next = EnumSet.noneOf(RunPhase.class);
            next.addAll(phase.outcomes());
            phase.actions().forEach(a -> next.add(phase.after(a).orElseThrow()));
            for (RunPhase n : next) {
                if (seen.add(n)) {
                    open.push(n);
                }
            }
        }
        return seen;
    }
}
