package org.covidcxr.inference.evaluation;

/** One vertex of an ROC curve: false-positive rate (1 − specificity) and true-positive rate (sensitivity). */
public record RocPoint(double falsePositiveRate, double truePositiveRate) {
}
