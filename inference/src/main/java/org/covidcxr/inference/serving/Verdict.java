package org.covidcxr.inference.serving;

/**
 * The decision on one image. Between the operating threshold and the model's confident threshold the verdict is
 * {@link #INDETERMINATE}: the model flags the image, but on validation images of COVID-19's own source it could not
 * tell COVID-19 from other pneumonia reliably at such probabilities, so it makes no COVID-19 call. (It does not say
 * "pneumonia pattern": the image may be flagged while the model's likeliest class is normal.)
 */
public enum Verdict {
    SUSPECTED("COVID-19 suspected"),
    INDETERMINATE("COVID-19 indeterminate: cannot be told from other pneumonia reliably"),
    NOT_SUSPECTED("COVID-19 not suspected");

    private final String text;

    Verdict(String text) {
        this.text = text;
    }

    /** What the screen, the command line, the report and the audit log say. */
    public String text() {
        return text;
    }

    /**
     * @param confidentThreshold at or above the operating threshold; equal to it when the model has no
     *                           indeterminate band
     */
    public static Verdict of(float covidProbability, float operatingThreshold, float confidentThreshold) {
        if (covidProbability >= Math.max(operatingThreshold, confidentThreshold)) {
            return SUSPECTED;
        }
        return covidProbability >= operatingThreshold ? INDETERMINATE : NOT_SUSPECTED;
    }
}
