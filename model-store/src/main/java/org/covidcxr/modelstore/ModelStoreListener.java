package org.covidcxr.modelstore;

/**
 * Told about every change a {@link ModelStore} makes (e.g. to write the audit log). Called on the thread that made
 * the change, after it is on disk, or at the next open when the process ended before. An exception thrown here is
 * logged and does not undo the change, but no further change is made until the store has reported it.
 * <p>
 * A process that ends after the listeners took a change but before the store noted that they did reports the change
 * again at the next open (outcome other than {@link ModelStoreEvent.Outcome#DONE}). The change's
 * {@link ModelStoreEvent#time() time}, type and version identify it: a listener that keeps records skips one it
 * already holds.
 */
@FunctionalInterface
public interface ModelStoreListener {

    void onEvent(ModelStoreEvent event);
}
