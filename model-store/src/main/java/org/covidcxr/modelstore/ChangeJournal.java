package org.covidcxr.modelstore;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The change the store is making, written to disk before its commit point (the rename or pointer write that puts it
 * in effect) and removed once the listeners (the audit log) have recorded it. A process that dies in between leaves
 * it behind; the next open then reports the change as done or as interrupted, so no change is ever left unrecorded.
 */
final class ChangeJournal {
    static final String FILE_NAME = ".change-in-progress.json";

    /** What is about to change; the JSON form of the file. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Intent(ModelStoreEvent.Type type, String version, String previousActive, String file,
                  String modelChecksum, Instant time, String confirmation, String signingKey) {
        static Intent of(ModelStoreEvent.Type type, String version, Optional<String> previousActive,
                         Optional<Path> file, String modelChecksum, Optional<String> confirmation,
                         Optional<String> signingKey) {
            return new Intent(type, version, previousActive.orElse(null), file.map(Path::toString).orElse(null),
                    modelChecksum, Instant.now(), confirmation.orElse(null), signingKey.orElse(null));
        }

        ModelStoreEvent event(Path store, ModelStoreEvent.Outcome outcome) {
            return new ModelStoreEvent(type, version, Optional.ofNullable(previousActive),
                    Optional.ofNullable(file).map(Path::of), store, time, modelChecksum, outcome,
                    Optional.ofNullable(confirmation), Optional.ofNullable(signingKey));
        }
    }

    private ChangeJournal() {
    }

    static void begin(Path root, Intent intent) {
        ModelCards.writeJson(intent, root.resolve(FILE_NAME), "the record of the change in progress");
    }

    static Optional<Intent> read(Path root) {
        Path file = root.resolve(FILE_NAME);
        try {
            return Optional.of(ModelCards.JSON.readValue(Files.readAllBytes(file), Intent.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            // Cut off while it was being written: the change had not begun (the file is renamed into place whole).
            throw new ModelStoreException("The record of an interrupted model change " + file + " is unreadable ("
                    + e.getMessage() + "). Check the audit log, then remove the file.", e);
        }
    }

    static void end(Path root) {
        try {
            CrashPoint.FILES.deleteIfExists(root.resolve(FILE_NAME));
        } catch (IOException e) {
            throw new ModelStoreException("Cannot remove " + root.resolve(FILE_NAME) + " (" + e.getMessage()
                    + "); the change it records is done and recorded.", e);
        }
    }
}
