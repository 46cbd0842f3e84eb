package org.covidcxr.inference.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.covidcxr.files.AtomicFiles;

/**
 * What a run has done, written beside the checkpoints after every epoch ({@code state.json}). With the variables
 * (weights, batch-norm averages, Adam moments and step powers) in the checkpoint it is the whole state of the run:
 * shuffling and augmentation are pure functions of (seed, epoch, index), so the next epoch after a resume is the
 * epoch the uninterrupted run would have trained.
 *
 * @param epochsDone       completed epochs
 * @param lastCheckpoint   checkpoint prefix (relative to the checkpoint folder) after the last completed epoch
 * @param bestCheckpoint   checkpoint prefix of the best epoch so far, by the run's {@link EpochSelection}
 * @param bestEpoch        that epoch (1-based), 0 before the first
 * @param bestAuroc        that epoch's selection score (an AUROC)
 * @param stopped          true when early stopping ended the run
 * @param history          one entry per completed epoch
 * @param settings         what the run was started with ({@link TrainingConfig#runSettings()}); a resume with other
 *                         settings would not continue the same run. Absent in states written before it was recorded.
 */
public record TrainingState(int epochsDone, String lastCheckpoint, String bestCheckpoint, int bestEpoch,
                            double bestAuroc, boolean stopped, List<EpochResult> history,
                            Map<String, String> settings) {

    static final String FILE = "state.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One epoch's summary. Losses are training losses (augmented, training-mode batch norm).
     *
     * @param validationWithinSourceAuroc COVID-19 AUROC within the validation sources that hold both COVID-19 and
     *                                    other images (their mean); NaN where none does or before it was recorded
     */
    public record EpochResult(int epoch, double trainLoss, double validationLoss, double validationAccuracy,
                              double validationMacroAuroc, double validationWithinSourceAuroc,
                              double imagesPerSecond, double seconds) {

        /** The figure {@code selection} ranks epochs by; macro AUROC where no within-source figure exists. */
        public double selectionScore(EpochSelection selection) {
            return selection == EpochSelection.WITHIN_SOURCE && validationWithinSourceAuroc > 0
                    ? validationWithinSourceAuroc : validationMacroAuroc;
        }
    }

    public TrainingState {
        history = List.copyOf(history);
        settings = settings == null ? null : Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** A run that has not completed an epoch yet. */
    public static TrainingState fresh(Map<String, String> settings) {
        return new TrainingState(0, null, null, 0, Double.NEGATIVE_INFINITY, false, List.of(), settings);
    }

    TrainingState after(EpochResult result, String checkpoint, EpochSelection selection, int patience) {
        double score = result.selectionScore(selection);
        boolean improved = score > bestAuroc;
        List<EpochResult> h = new ArrayList<>(history);
        h.add(result);
        int best = improved ? result.epoch() : bestEpoch;
        return new TrainingState(result.epoch(), checkpoint, improved ? checkpoint : bestCheckpoint, best,
                improved ? score : bestAuroc, result.epoch() - best >= patience, h, settings);
    }

    /** The state in a run's checkpoint folder; empty when no epoch has completed there. */
    public static Optional<TrainingState> read(Path checkpointDirectory) {
        Path file = checkpointDirectory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), TrainingState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("the training state " + file + " is unreadable (" + e.getMessage()
                    + "); start a new run in another folder", e);
        }
    }

    /**
     * Refuses to continue this run with other settings, naming each difference.
     *
     * @throws IllegalArgumentException when a setting differs
     */
    void requireSameSettings(Map<String, String> requested, Path runFolder) {
        if (settings == null || settings.equals(new TreeMap<>(requested))) {
            return;
        }
        Set<String> keys = new TreeSet<>(settings.keySet());
        keys.addAll(requested.keySet());
        List<String> differences = new ArrayList<>();
        for (String key : keys) {
            String was = settings.get(key);
            String now = requested.get(key);
            if (!Objects.equals(was, now)) {
                // "batchSize" reads as "batch size", the words of the option (--batch-size) and the wizard's field
                differences.add(key.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT) + " "
                        + was + " (now " + now + ")");
            }
        }
        throw new IllegalArgumentException("the run in " + runFolder + " was started with other settings: "
                + String.join(", ", differences) + "; resume it with its own settings or start a new run in another "
                + "folder");
    }

    /** Writes atomically, so a crash leaves the previous state and its checkpoint intact. */
    void write(Path checkpointDirectory) {
        try {
            AtomicFiles.PLAIN.write(checkpointDirectory.resolve(FILE), tmp -> JSON.writeValue(tmp.toFile(), this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training state in " + checkpointDirectory + ": "
                    + e.getMessage(), e);
        }
    }
}
