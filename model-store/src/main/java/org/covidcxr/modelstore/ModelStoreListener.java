package org.covidcxr.modelstore;

/**
 * Told about every change a {@link ModelStore} makes (e.g. to write the audit log). Called on the thread that made
 * the change, after it is on disk, or at the next open when the process ended before. An exception thrown here is
 * logged and does not undo the change, but no further change is made until the store has reported it.
 */
@FunctionalInterface
public interface ModelStoreListener {

    void onEvent(ModelStoreEvent event);
}
