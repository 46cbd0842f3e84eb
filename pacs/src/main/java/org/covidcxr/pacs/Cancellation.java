package org.covidcxr.pacs;

import com.pixelmed.network.Association;
import com.pixelmed.network.DicomNetworkException;

/**
 * Lets another thread stop a retrieve or a send: cancelling aborts the association in progress (A-ABORT), which is
 * what stops a PACS in mid-transfer when PixelMed's SCUs offer no C-CANCEL.
 */
public final class Cancellation {
    private Association association;
    private boolean cancelled;

    public synchronized void cancel() {
        cancelled = true;
        abort();
    }

    public synchronized boolean cancelled() {
        return cancelled;
    }

    synchronized void attach(Association a) {
        association = a;
        if (cancelled) {
            abort();
        }
    }

    synchronized void detach() {
        association = null;
    }

    private void abort() {
        if (association != null) {
            try {
                association.abort();
            } catch (DicomNetworkException e) {
                // Already gone: the transfer stops either way.
            }
        }
    }
}
