package org.covidcxr.inference.sitetraining;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of a run's {@code progress.jsonl}, appended by the training process and read by the wizard for its live
 * curves. Fields that do not apply to a type are 0 / null.
 *
 * @param type       {@link Type}
 * @param epoch      1-based epoch (START: the last epoch completed before this start)
 * @param loss       STEP: mean training loss of the epoch so far; EPOCH: the epoch's training loss
 * @param valLoss    EPOCH: validation loss
 * @param valAuroc   EPOCH: validation macro AUROC
 * @param etaSeconds STEP: estimated seconds left for the run
 * @param text       MESSAGE / END: text; END: the outcome's explanation
 * @param outcome    END: the status the run ends in
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record TrainingEvent(Type type, int epoch, int epochs, int step, int steps, double loss, double valLoss,
                            double valAuroc, double imagesPerSecond, double etaSeconds, String text,
                            RunStatus outcome) {

    public enum Type { START, STEP, EPOCH, MESSAGE, END }

    static TrainingEvent start(int epochsDone, int epochs) {
        return new TrainingEvent(Type.START, epochsDone, epochs, 0, 0, 0, 0, 0, 0, 0, null, null);
    }

    static TrainingEvent message(String text) {
        return new TrainingEvent(Type.MESSAGE, 0, 0, 0, 0, 0, 0, 0, 0, 0, text, null);
    }

    static TrainingEvent end(RunStatus outcome, String text) {
        return new TrainingEvent(Type.END, 0, 0, 0, 0, 0, 0, 0, 0, 0, text, outcome);
    }
}
