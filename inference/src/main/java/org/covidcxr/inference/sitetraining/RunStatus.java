package org.covidcxr.inference.sitetraining;

/** Where a site training run stands. */
public enum RunStatus {
    /** Dataset copied and split; settings chosen; not started. */
    PREPARED,
    /** A training process is (or, after a crash, was) working on it. */
    TRAINING,
    /** Stopped by the trainer; resumes after the last completed epoch. */
    PAUSED,
    /** The training process ended without saying why (crash, power loss, killed); resumable like a pause. */
    INTERRUPTED,
    CANCELLED,
    FAILED,
    /** A candidate bundle exists; evaluation and publishing may follow. */
    TRAINED,
    PUBLISHED,
    DISCARDED;

    /** Whether training can (re)start from the last checkpoint. */
    public boolean resumable() {
        return this == PREPARED || this == PAUSED || this == INTERRUPTED;
    }
}
