package org.covidcxr.inference.serving;

/** A model could not be opened or run. The message says what went wrong and what to do. */
public class ServingException extends RuntimeException {

    public ServingException(String message) {
        super(message);
    }

    public ServingException(String message, Throwable cause) {
        super(message, cause);
    }
}
