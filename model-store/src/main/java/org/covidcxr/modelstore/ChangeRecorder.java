package org.covidcxr.modelstore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * Makes each change to the store so that it is never left unrecorded: its intent goes to the {@link ChangeJournal}
 * before the one step that puts it in effect, the listeners (the audit log) are told after it, and only then is the
 * intent removed. A process that dies in between leaves the intent for {@link #recordInterruptedChange()} at the next
 * open, which reports the change again if the listeners had already recorded it; they recognise it by its time. Every method but {@link #report} expects the caller to hold the store's lock.
 */
final class ChangeRecorder {

    // Logged under the facade's name, as before it was split up, so that log searches and filters keep working.
    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);

    /** The one step that puts a change in effect (a rename or a pointer write). */
    @FunctionalInterface
    interface Commit {
        void run() throws IOException;
    }

    private final StoreFolder folder;
    private final List<ModelStoreListener> listeners;

    ChangeRecorder(StoreFolder folder, List<ModelStoreListener> listeners) {
        this.folder = folder;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Makes the change {@code intent} describes by running {@code commit}, recorded as described above.
     *
     * @throws ModelStoreException when an earlier change still cannot be recorded: no change is made unrecorded
     */
    void record(ChangeJournal.Intent intent, Commit commit) {
        recordInterruptedChange();
        if (ChangeJournal.read(folder.root()).isPresent()) {
            throw new ModelStoreException("An earlier change to the model store " + folder.root() + " could not be "
                    + "recorded in the audit log, so no further change is made. Check that the audit log can be "
                    + "written ('covidcxr audit verify'), then try again.");
        }
        ChangeJournal.begin(folder.root(), intent);
        try {
            commit.run();
        } catch (IOException | RuntimeException e) {
            recordInterruptedChange(); // records it as done or not, whichever it is
            throw e instanceof RuntimeException r ? r : new ModelStoreException("Cannot change the model store "
                    + folder.root() + " (" + intent.type().name().toLowerCase() + " " + intent.version() + "): "
                    + e.getMessage(), e);
        }
        if (report(intent.event(folder.root(), ModelStoreEvent.Outcome.DONE))) {
            listenersRecorded();
            ChangeJournal.end(folder.root());
        }
    }

    /**
     * The listeners' records (the audit log's fsync) are durable steps too: a process that ends here leaves a change
     * recorded and its intent still on disk, which the next open reports again (see {@link ModelStoreListener}).
     */
    private static void listenersRecorded() {
        CrashPoint.reached();
    }

    /**
     * Replaces the active pointer {@code before} with {@code after}, recorded as {@code type} (activation or
     * rollback) of the version {@code after} makes active, with the user's confirmation where one was needed.
     */
    void recordPointerChange(ModelStoreEvent.Type type, ActiveState before, ActiveState after,
                             Optional<String> confirmation) {
        String version = after.activeVersion().orElseThrow();
        record(ChangeJournal.Intent.of(type, version, before.activeVersion(), Optional.empty(),
                folder.checksum(version), confirmation, Optional.empty()), () -> after.write(folder.root()));
    }

    /** Reports a change found in progress at open (or after a failed commit): done or interrupted. */
    void recordInterruptedChange() {
        Optional<ChangeJournal.Intent> found = ChangeJournal.read(folder.root());
        if (found.isEmpty()) {
            return;
        }
        ChangeJournal.Intent intent = found.get();
        ModelStoreEvent.Outcome outcome = inEffect(intent) ? ModelStoreEvent.Outcome.DONE_BEFORE_INTERRUPTION
                : ModelStoreEvent.Outcome.INTERRUPTED;
        LOG.warn("Model store {}: the change '{} {}' was {}", folder.root(), intent.type().name().toLowerCase(),
                intent.version(), outcome.description);
        if (report(intent.event(folder.root(), outcome))) {
            listenersRecorded();
            ChangeJournal.end(folder.root());
        }
    }

    /** Tells every listener; whether all of them took it (a failure is logged and does not undo the change). */
    boolean report(ModelStoreEvent event) {
        boolean all = true;
        for (ModelStoreListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                all = false;
                LOG.error("Model store listener failed on {}: {}", event, e.toString(), e);
            }
        }
        return all;
    }

    private boolean inEffect(ChangeJournal.Intent intent) {
        return switch (intent.type()) {
            case ACTIVATED, ROLLED_BACK -> intent.version().equals(folder.readStateForChange().active());
            case SEEDED, PUBLISHED, IMPORTED -> Files.isDirectory(folder.bundlePath(intent.version()));
            case DELETED -> !Files.isDirectory(folder.bundlePath(intent.version()));
            case EXPORTED -> true;
            case KEY_TRUSTED -> TrustedKeys.stored(folder.root()).stream()
                    .anyMatch(k -> k.describe().equals(intent.signingKey()));
        };
    }
}
