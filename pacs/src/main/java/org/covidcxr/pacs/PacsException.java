package org.covidcxr.pacs;

/** A DICOM network operation that did not succeed; the message says what happened and what to check. */
public final class PacsException extends Exception {

    public PacsException(String message) {
        super(message);
    }

    public PacsException(String message, Throwable cause) {
        super(message, cause);
    }
}
