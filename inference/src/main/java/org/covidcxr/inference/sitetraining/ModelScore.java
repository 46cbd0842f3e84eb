package org.covidcxr.inference.sitetraining;

/**
 * The numbers the acceptance criteria compare, for one model on the site test split. NaN where the site test cannot
 * define a value (e.g. no COVID-19 images).
 *
 * @param covidAuroc  one-vs-rest COVID-19 AUROC
 * @param sensitivity COVID-19 sensitivity at the model's own operating threshold
 * @param specificity COVID-19 specificity at the model's own operating threshold
 */
public record ModelScore(double covidAuroc, double sensitivity, double specificity) {
}
