package org.covidcxr.inference.evaluation;

import java.util.OptionalDouble;

/**
 * One confidence bin of a reliability diagram, covering confidences in {@code (lower, upper]}.
 * Mean confidence and accuracy are empty for an empty bin.
 */
public record ReliabilityBin(double lower, double upper, long count, OptionalDouble meanConfidence,
                             OptionalDouble accuracy) {
}
