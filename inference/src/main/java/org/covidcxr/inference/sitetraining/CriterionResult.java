package org.covidcxr.inference.sitetraining;

/**
 * One acceptance criterion checked on the site test split.
 *
 * @param name        short name, e.g. "COVID-19 AUROC"
 * @param requirement what was required, in words (fixed before training)
 * @param active      the active model's value
 * @param candidate   the new model's value
 * @param passed      whether the new model met the requirement; false when a value is undefined
 */
public record CriterionResult(String name, String requirement, double active, double candidate, boolean passed) {
}
