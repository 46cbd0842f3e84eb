package org.covidcxr.app.analysis;

/** The analysis could not run; the message says why and what to do, for the user. */
public final class AnalysisException extends Exception {
    private final boolean noModel;

    AnalysisException(String message, boolean noModel, Throwable cause) {
        super(message, cause);
        this.noModel = noModel;
    }

    AnalysisException(String message, Throwable cause) {
        this(message, false, cause);
    }

    /** True when no model is active at all (as opposed to a model that failed). */
    public boolean noModel() {
        return noModel;
    }
}
