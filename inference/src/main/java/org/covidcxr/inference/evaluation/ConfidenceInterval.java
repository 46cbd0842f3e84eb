package org.covidcxr.inference.evaluation;

/**
 * A 95% percentile-bootstrap confidence interval.
 *
 * @param lower     2.5th percentile of the bootstrap distribution
 * @param upper     97.5th percentile
 * @param resamples resamples in which the statistic was defined (a resample can lose every patient of a class)
 */
public record ConfidenceInterval(double lower, double upper, int resamples) {

    public boolean contains(double value) {
        return lower <= value && value <= upper;
    }
}
