package org.covidcxr.inference.sitetraining;

/**
 * How to split a site's patients.
 *
 * @param validationFraction share of patients for validation (early stopping, threshold, calibration)
 * @param testFraction       share of patients for the site test (the honest comparison with the active model)
 * @param seed               shown to the trainer and recorded, so the same data gives the same split again
 */
public record SplitSettings(double validationFraction, double testFraction, long seed) {
    public static final double DEFAULT_VALIDATION = 0.15;
    public static final double DEFAULT_TEST = 0.15;

    public SplitSettings {
        if (!(validationFraction > 0 && testFraction > 0 && validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException("validation (" + validationFraction + ") and test (" + testFraction
                    + ") shares must be positive and leave patients for training");
        }
    }

    public static SplitSettings defaults(long seed) {
        return new SplitSettings(DEFAULT_VALIDATION, DEFAULT_TEST, seed);
    }

    public double trainFraction() {
        return 1 - validationFraction - testFraction;
    }
}
