package org.covidcxr.inference.evaluation;

import java.util.Objects;
import java.util.Optional;

/**
 * One image's model output beside its ground truth: the unit every metric in this package consumes.
 *
 * @param id            image identifier (file name); only used in messages, never in reports
 * @param patientId     patient identifier; the bootstrap resamples patients, so images of one patient stay together.
 *                      Never written to a report.
 * @param source        grouping key for per-source metrics (e.g. {@code ieee8023}, {@code nih})
 * @param trueClass     ground-truth class index in the evaluation's class order
 * @param probabilities class probabilities in the same class order (e.g. covid, normal, pneumonia)
 * @param logits        pre-softmax outputs in the same order, when the model gave them (temperature scaling needs them)
 */
public record LabelledPrediction(String id, String patientId, String source, int trueClass, float[] probabilities,
                                 Optional<float[]> logits) {

    public LabelledPrediction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(patientId, () -> "prediction '" + id + "' has no patient id: every image needs one, "
                + "because confidence intervals resample patients");
        Objects.requireNonNull(source, () -> "prediction '" + id + "' has no source: use a constant such as \"all\" "
                + "when the data has a single source");
        Objects.requireNonNull(probabilities, () -> "prediction '" + id + "' has no probabilities");
        Objects.requireNonNull(logits, () -> "prediction '" + id + "': logits must be Optional.empty(), not null");
        if (probabilities.length < 2) {
            throw new IllegalArgumentException("prediction '" + id + "' has " + probabilities.length
                    + " class probabilities; at least two classes are needed");
        }
        if (trueClass < 0 || trueClass >= probabilities.length) {
            throw new IllegalArgumentException("prediction '" + id + "': true class index " + trueClass
                    + " is outside 0.." + (probabilities.length - 1) + "; labels must follow the class order");
        }
        for (float p : probabilities) {
            // A small tolerance admits float rounding of a softmax; anything else is a caller bug.
            if (!(p >= -1e-6f && p <= 1f + 1e-6f)) {
                throw new IllegalArgumentException("prediction '" + id + "' has probability " + p
                        + " outside [0, 1]; pass softmax outputs, not logits");
            }
        }
        if (logits.isPresent()) {
            float[] l = logits.get();
            if (l.length != probabilities.length) {
                throw new IllegalArgumentException("prediction '" + id + "' has " + l.length + " logits but "
                        + probabilities.length + " probabilities; both must follow the class order");
            }
            for (float v : l) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("prediction '" + id + "' has a non-finite logit " + v);
                }
            }
        }
        probabilities = probabilities.clone();
        logits = logits.map(float[]::clone);
    }

    /** A prediction without logits. */
    public LabelledPrediction(String id, String patientId, String source, int trueClass, float[] probabilities) {
        this(id, patientId, source, trueClass, probabilities, Optional.empty());
    }

    /** A copy of the class probabilities (records would otherwise hand out the internal array). */
    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    @Override
    public Optional<float[]> logits() {
        return logits.map(float[]::clone);
    }

    public int classCount() {
        return probabilities.length;
    }

    public float probability(int classIndex) {
        return probabilities[classIndex];
    }

    /** The arg-max class; a tie goes to the lowest index so the choice is deterministic. */
    public int predictedClass() {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return best;
    }

    /** The probability of the predicted class: the "confidence" that calibration measures. */
    public float confidence() {
        return probabilities[predictedClass()];
    }
}
