package org.covidcxr.inference.evaluation;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * One vertex of an ROC curve: false-positive rate (1 − specificity) and true-positive rate (sensitivity).
 * In JSON a point is the pair {@code [falsePositiveRate, truePositiveRate]}, which keeps curves compact.
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
public record RocPoint(double falsePositiveRate, double truePositiveRate) {
}
