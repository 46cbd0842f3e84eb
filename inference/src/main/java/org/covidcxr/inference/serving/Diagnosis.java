package org.covidcxr.inference.serving;

import java.util.List;
import java.util.OptionalDouble;
import org.covidcxr.inference.ModelSignature;

/**
 * What the model says about one image: what the workstation shows and the command line prints.
 *
 * @param modelVersion       version of the model bundle that produced it
 * @param classes            class names in output order (covid, normal, pneumonia)
 * @param probabilities      calibrated class probabilities, in {@code classes} order
 * @param logits             pre-softmax, uncalibrated outputs, in {@code classes} order (evaluation uses them)
 * @param operatingThreshold the model's decision threshold on the COVID-19 probability
 * @param confidentThreshold from here up the model calls COVID-19; between the two thresholds it says
 *                           {@link Verdict#INDETERMINATE}; equal to {@code operatingThreshold} for a model without
 *                           that band
 * @param heatMaps           Grad-CAM map of each class, in {@code classes} order, with the original image's geometry
 *                           (letterbox padding removed) and each scaled to [0, 1] by its own maximum
 * @param lungAttention      share of the COVID-19 map inside the lungs, where a lung segmenter measured it
 */
public record Diagnosis(String modelVersion, List<String> classes, float[] probabilities, float[] logits,
                        float operatingThreshold, float confidentThreshold, List<HeatMap> heatMaps,
                        OptionalDouble lungAttention) {

    public Diagnosis {
        classes = List.copyOf(classes);
        heatMaps = List.copyOf(heatMaps);
        if (probabilities.length != classes.size() || logits.length != classes.size()
                || heatMaps.size() != classes.size()) {
            throw new IllegalArgumentException("a diagnosis needs one probability, logit and heat map per class "
                    + classes + "; got " + probabilities.length + ", " + logits.length + ", " + heatMaps.size());
        }
        if (!classes.get(ModelSignature.COVID).equals(ModelSignature.CLASSES.get(ModelSignature.COVID))) {
            throw new IllegalArgumentException("class " + ModelSignature.COVID + " must be '"
                    + ModelSignature.CLASSES.get(ModelSignature.COVID) + "', the model gave " + classes);
        }
        probabilities = probabilities.clone();
        logits = logits.clone();
    }

    /** The same result with the share of its COVID-19 attention inside the lungs. */
    public Diagnosis withLungAttention(double share) {
        return new Diagnosis(modelVersion, classes, probabilities, logits, operatingThreshold, confidentThreshold,
                heatMaps, OptionalDouble.of(share));
    }

    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    @Override
    public float[] logits() {
        return logits.clone();
    }

    /** Probability of the named class. */
    public float probability(String className) {
        return probabilities[indexOf(className)];
    }

    /** Index of the most probable class. */
    public int predictedIndex() {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }

    public String predictedClass() {
        return classes.get(predictedIndex());
    }

    public float covidProbability() {
        return probabilities[ModelSignature.COVID];
    }

    /** The decision: suspected, indeterminate (between the two thresholds) or not suspected. */
    public Verdict verdict() {
        return Verdict.of(covidProbability(), operatingThreshold, confidentThreshold);
    }

    /** Grad-CAM map of the named class. */
    public HeatMap heatMap(String className) {
        return heatMaps.get(indexOf(className));
    }

    private int indexOf(String className) {
        int i = classes.indexOf(className);
        if (i < 0) {
            throw new IllegalArgumentException("unknown class '" + className + "'; the model's classes are " + classes);
        }
        return i;
    }
}
