package org.covidcxr.inference.serving;

import java.util.List;
import org.covidcxr.inference.ModelSignature;

/**
 * The model's answer without heat maps, for evaluating many images: maps of large radiographs take tens of MB each.
 *
 * @param probabilities calibrated class probabilities, in {@link ModelSignature#CLASSES} order
 * @param logits        pre-softmax, uncalibrated outputs, same order
 */
public record ClassScores(float[] probabilities, float[] logits) {

    public ClassScores {
        probabilities = probabilities.clone();
        logits = logits.clone();
    }

    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    @Override
    public float[] logits() {
        return logits.clone();
    }

    public float covidProbability() {
        return probabilities[ModelSignature.COVID];
    }
}
