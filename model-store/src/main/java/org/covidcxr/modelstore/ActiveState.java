package org.covidcxr.modelstore;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The active pointer, {@code active.json}: the active version and the versions that were active before it (oldest
 * first), so rollback can step back. Always replaced atomically.
 *
 * @param active  active version, or {@code null} when none
 * @param history previously active versions, most recent last
 * @param changed when the pointer last changed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ActiveState(String active, List<String> history, Instant changed) {

    static final String FILE_NAME = "active.json";
    static final ActiveState NONE = new ActiveState(null, List.of(), null);
    private static final int MAX_HISTORY = 50;

    ActiveState {
        // Versions become paths under the store root: a hand-edited pointer must not lead outside it.
        if (active != null) {
            ModelCard.requireValidVersion(active);
        }
        List<String> h = new ArrayList<>();
        for (String version : history == null ? List.<String>of() : history) {
            ModelCard.requireValidVersion(version);
            if (h.isEmpty() || !h.get(h.size() - 1).equals(version)) {
                h.add(version);
            }
        }
        // A rollback always changes the model: entries equal to the active version (left when a version between
        // them was deleted) are no step back.
        while (!h.isEmpty() && h.get(h.size() - 1).equals(active)) {
            h.remove(h.size() - 1);
        }
        history = List.copyOf(h);
    }

    Optional<String> activeVersion() {
        return Optional.ofNullable(active);
    }

    /** The state after activating {@code version}: the old active version joins the history. */
    ActiveState activate(String version) {
        List<String> h = new ArrayList<>(history);
        if (active != null && !active.equals(version)) {
            h.add(active);
        }
        while (h.size() > MAX_HISTORY) {
            h.remove(0);
        }
        return new ActiveState(version, h, Instant.now());
    }

    /** The version a rollback returns to. */
    Optional<String> previous() {
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }

    /** The state after rolling back: the previous version becomes active and leaves the history. */
    ActiveState rollBack() {
        String target = previous().orElseThrow();
        return new ActiveState(target, history.subList(0, history.size() - 1), Instant.now());
    }

    /** The state with only the history entries that {@code keep} accepts (deleted versions cannot be returned to). */
    ActiveState retainHistory(Predicate<String> keep) {
        return new ActiveState(active, history.stream().filter(keep).toList(), changed);
    }

    static ActiveState read(Path root) {
        Path file = root.resolve(FILE_NAME);
        try {
            return ModelCards.JSON.readValue(Files.readAllBytes(file), ActiveState.class);
        } catch (NoSuchFileException e) {
            return NONE;
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelStoreException("The active-model pointer " + file + " is unreadable (" + e.getMessage()
                    + "). Choose the model again with `models activate VERSION`.", e);
        }
    }

    void write(Path root) {
        ModelCards.writeJson(this, root.resolve(FILE_NAME), "the active-model pointer");
    }
}
