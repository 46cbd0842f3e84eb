package org.covidcxr.modelstore;

/** The requested version (or an active model) does not exist in the store. */
public class ModelNotFoundException extends ModelStoreException {

    public ModelNotFoundException(String message) {
        super(message);
    }
}
