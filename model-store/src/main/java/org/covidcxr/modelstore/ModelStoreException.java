package org.covidcxr.modelstore;

/**
 * A model store operation failed. The message names the file or version concerned and says what to do.
 */
public class ModelStoreException extends RuntimeException {

    public ModelStoreException(String message) {
        super(message);
    }

    public ModelStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
