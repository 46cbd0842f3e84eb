package org.covidcxr.inference.sitetraining;

import java.util.List;

/**
 * What a fine-tuned model must achieve on the site test split before it may be published without an override. Fixed
 * before training starts (and stored with the run), so nobody tunes the bar to the result.
 *
 * @param maxAurocDrop          how far the new model's COVID-19 AUROC may fall below the active model's
 * @param maxSensitivityDrop    how far its COVID-19 sensitivity at the threshold may fall below the active model's
 */
public record AcceptanceCriteria(double maxAurocDrop, double maxSensitivityDrop) {
    public static final AcceptanceCriteria DEFAULT = new AcceptanceCriteria(0.01, 0.0);
    /** Absorbs floating-point noise so equal sensitivities (k/n computed twice) compare as equal. */
    private static final double EPS = 1e-9;

    public AcceptanceCriteria {
        if (!(maxAurocDrop >= 0 && maxAurocDrop <= 1 && maxSensitivityDrop >= 0 && maxSensitivityDrop <= 1)) {
            throw new IllegalArgumentException("allowed drops must lie in [0, 1], were " + maxAurocDrop + " and "
                    + maxSensitivityDrop);
        }
    }

    public List<CriterionResult> evaluate(ModelScore active, ModelScore candidate) {
        return List.of(
                check("COVID-19 AUROC", maxAurocDrop == 0 ? "not lower than the active model's"
                                : String.format("not lower than the active model's by more than %.3f", maxAurocDrop),
                        active.covidAuroc(), candidate.covidAuroc(), maxAurocDrop),
                check("COVID-19 sensitivity at threshold", maxSensitivityDrop == 0
                                ? "at least the active model's"
                                : String.format("not lower than the active model's by more than %.3f",
                                maxSensitivityDrop),
                        active.sensitivity(), candidate.sensitivity(), maxSensitivityDrop));
    }

    /** Whether every criterion passed. */
    public static boolean allPassed(List<CriterionResult> results) {
        return results.stream().allMatch(CriterionResult::passed);
    }

    private static CriterionResult check(String name, String requirement, double active, double candidate,
                                         double allowedDrop) {
        boolean defined = Double.isFinite(active) && Double.isFinite(candidate);
        return new CriterionResult(name, requirement, active, candidate,
                defined && candidate >= active - allowedDrop - EPS);
    }
}
