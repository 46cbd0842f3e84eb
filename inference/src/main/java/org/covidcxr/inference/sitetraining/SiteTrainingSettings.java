package org.covidcxr.inference.sitetraining;

/**
 * The trainer's choices for one site run, fixed when training starts and stored with the run.
 *
 * @param fineTune       start from the active model's weights (default); false trains from scratch
 * @param architecture   for training from scratch: {@code resnet} or {@code vgg}; fine-tuning uses the parent's
 * @param epochs         maximum epochs (early stopping may end sooner)
 * @param learningRate   peak learning rate; fine-tuning needs a much smaller one than training from scratch
 * @param freezeBackbone when fine-tuning, train only the last convolutional block and the classifier (fewer images
 *                       suffice, and the model forgets less of what it learnt elsewhere)
 * @param augmentation   random rotations, shifts, brightness/contrast while training
 * @param batchSize      images per step
 * @param seed           seeds initialisation, shuffling and augmentation
 */
public record SiteTrainingSettings(boolean fineTune, String architecture, int epochs, double learningRate,
                                   boolean freezeBackbone, boolean augmentation, int batchSize, long seed) {
    public static final double FINE_TUNE_LEARNING_RATE = 1e-4;
    public static final double SCRATCH_LEARNING_RATE = 1e-3;

    public SiteTrainingSettings {
        if (epochs < 1 || epochs > 500) {
            throw new IllegalArgumentException("epochs must be between 1 and 500, was " + epochs);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learning rate must lie in (0, 1), was " + learningRate);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size must be at least 2, was " + batchSize);
        }
        if (freezeBackbone && !fineTune) {
            throw new IllegalArgumentException("only a fine-tuned model can keep its backbone frozen");
        }
    }

    /** Fine-tune the active model: few epochs, small learning rate, backbone frozen, augmentation on. */
    public static SiteTrainingSettings defaults() {
        return new SiteTrainingSettings(true, "resnet", 5, FINE_TUNE_LEARNING_RATE, true, true, 16, 1);
    }

    public SiteTrainingSettings withEpochs(int value) {
        return new SiteTrainingSettings(fineTune, architecture, value, learningRate, freezeBackbone, augmentation,
                batchSize, seed);
    }

    public SiteTrainingSettings withBatchSize(int value) {
        return new SiteTrainingSettings(fineTune, architecture, epochs, learningRate, freezeBackbone, augmentation,
                value, seed);
    }
}
