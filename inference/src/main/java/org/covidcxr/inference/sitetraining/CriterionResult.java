package org.covidcxr.inference.sitetraining;

/**
 * One acceptance criterion checked on the site test split.
 *
 * @param name            short name, e.g. "COVID-19 AUROC"
 * @param requirement     what was required, in words (fixed before training)
 * @param active          the active model's value
 * @param candidate       the new model's value
 * @param differenceLower low end of the 95 % paired patient bootstrap interval of new − active (NaN: not defined)
 * @param differenceUpper its high end
 * @param passed          whether the new model met the requirement; false when a value is undefined
 * @param reason          why it passed or failed, in a sentence
 */
public record CriterionResult(String name, String requirement, double active, double candidate,
                              double differenceLower, double differenceUpper, boolean passed, String reason) {
}
