package org.covidcxr.inference.training;

/** Progress of a training run, for the console and the training wizard. Called on the training thread. */
public interface TrainingListener {

    /**
     * @param imagesPerSecond training throughput over the epoch so far
     * @param etaSeconds      estimated seconds left for the whole run (all planned epochs)
     */
    record Step(int epoch, int epochs, int step, int steps, double loss, double learningRate, double imagesPerSecond,
                double etaSeconds) {
    }

    default void onMessage(String message) {
    }

    default void onStep(Step step) {
    }

    default void onEpoch(TrainingState.EpochResult epoch) {
    }

    /** Polled between steps; returning true stops the run after the current step (checkpoints stay resumable). */
    default boolean cancelled() {
        return false;
    }
}
