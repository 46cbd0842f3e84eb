package org.covidcxr.inference.sitetraining;

import java.util.concurrent.CancellationException;

/** A cancel request shared between the UI and a long-running background job that checks it between steps. */
public final class Cancellation {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Throws {@link CancellationException} once {@link #cancel()} was called. */
    public void check() {
        if (cancelled) {
            throw new CancellationException("cancelled by the user");
        }
    }
}
