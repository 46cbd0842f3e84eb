package org.covidcxr.modelstore;

/**
 * Told about every change a {@link ModelStore} makes (e.g. to write the audit log). Called on the thread that made
 * the change, after it is on disk; an exception thrown here is logged and does not undo the change.
 */
@FunctionalInterface
public interface ModelStoreListener {

    void onEvent(ModelStoreEvent event);
}
