package org.covidcxr.inference.sitetraining;

import java.time.Duration;

/**
 * Expected duration of a run from measured throughput: every epoch trains on the train split and then predicts the
 * validation split (about three times faster per image than a training step, which also back-propagates).
 */
public final class TimeEstimate {
    /** Forward-only prediction vs. a training step (forward + backward + update). */
    static final double PREDICTION_SPEEDUP = 3.0;

    private TimeEstimate() {
    }

    /**
     * @param trainImagesPerSecond measured on this machine (a previous run or a short benchmark)
     */
    public static Duration of(int trainImages, int validationImages, int epochs, double trainImagesPerSecond) {
        if (!(trainImagesPerSecond > 0)) {
            throw new IllegalArgumentException("throughput must be positive, was " + trainImagesPerSecond);
        }
        double perEpoch = trainImages / trainImagesPerSecond
                + validationImages / (trainImagesPerSecond * PREDICTION_SPEEDUP);
        return Duration.ofSeconds(Math.round(perEpoch * epochs));
    }

    /** "about 4 min", "about 1 h 20 min", "under a minute". */
    public static String describe(Duration d) {
        long minutes = Math.round(d.toSeconds() / 60.0);
        if (minutes < 1) {
            return "under a minute";
        }
        return minutes < 60 ? "about " + minutes + " min" : "about " + minutes / 60 + " h " + minutes % 60 + " min";
    }
}
