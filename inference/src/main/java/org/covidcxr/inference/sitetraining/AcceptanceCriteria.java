package org.covidcxr.inference.sitetraining;

import java.util.List;
import java.util.Locale;
import org.covidcxr.inference.evaluation.ConfidenceInterval;

/**
 * What a fine-tuned model must show on the site test split before it may be published without an override: for each
 * metric a site cares about, that it is not worse than the active model by more than a margin (non-inferiority),
 * judged on the paired patient bootstrap interval of the difference (new − active): the criterion passes when the
 * whole 95 % interval lies above −margin (below +margin for the lungs-hidden AUROC, where higher is worse). So a
 * small test set, whose interval is wide, cannot pass a model whose point values merely look as good. Fixed before
 * training starts (and stored with the run), so nobody tunes the bar to the result.
 *
 * @param maxAurocDrop       how far the new model's COVID-19 AUROC may be below the active model's
 * @param maxSensitivityDrop the same for COVID-19 sensitivity at each model's own operating threshold
 * @param maxSpecificityDrop the same for COVID-19 specificity at that threshold
 * @param maxMacroF1Drop     the same for macro F1 over the three classes
 * @param maxLungsHiddenRise the shortcut audit's guard: how far the new model's COVID-19 AUROC with the lungs hidden
 *                           may be above the active model's (a rise means it reads more from outside the lungs);
 *                           judged where the active model ships a lung segmenter; 0 in runs prepared before it
 *                           existed
 */
public record AcceptanceCriteria(double maxAurocDrop, double maxSensitivityDrop, double maxSpecificityDrop,
                                 double maxMacroF1Drop, double maxLungsHiddenRise) {
    public static final AcceptanceCriteria DEFAULT = new AcceptanceCriteria(0.05, 0.10, 0.10, 0.10, 0.05);
    /** Absorbs floating-point noise, so that equal models (differences exactly 0) meet a margin of 0. */
    private static final double EPS = 1e-9;

    public AcceptanceCriteria {
        for (double margin : new double[] {maxAurocDrop, maxSensitivityDrop, maxSpecificityDrop, maxMacroF1Drop,
            maxLungsHiddenRise}) {
            if (!(margin >= 0 && margin <= 1)) {
                throw new IllegalArgumentException("allowed drops and rises must lie in [0, 1], was " + margin);
            }
        }
    }

    /** Judges each metric's difference against its margin. */
    public List<CriterionResult> evaluate(List<PairedDifferences.Difference> differences) {
        return differences.stream().map(d -> judge(d, margin(d.metric()))).toList();
    }

    /** Whether every criterion passed. */
    public static boolean allPassed(List<CriterionResult> results) {
        return results.stream().allMatch(CriterionResult::passed);
    }

    private double margin(PairedDifferences.Metric metric) {
        return switch (metric) {
            case COVID_AUROC -> maxAurocDrop;
            case SENSITIVITY -> maxSensitivityDrop;
            case SPECIFICITY -> maxSpecificityDrop;
            case MACRO_F1 -> maxMacroF1Drop;
            case LUNGS_HIDDEN_AUROC -> maxLungsHiddenRise;
        };
    }

    private static CriterionResult judge(PairedDifferences.Difference d, double margin) {
        boolean rise = d.metric().higherIsWorse;
        String direction = rise ? "higher" : "lower";
        String requirement = margin == 0 ? "not " + direction + " than the active model's"
                : String.format(Locale.ROOT, "not %s than the active model's by more than %.3f", direction, margin);
        if (d.interval().isEmpty()) {
            return new CriterionResult(d.metric().title, requirement, d.active(), d.candidate(), Double.NaN,
                    Double.NaN, false, "Not judged: the site test split cannot define it (it needs images of both "
                    + "sides, e.g. COVID-19 and other); keep more patients for testing.");
        }
        ConfidenceInterval ci = d.interval().get();
        // Worse is below -margin for a drop, above +margin for a rise: judge the interval's worse end.
        double worstEnd = rise ? -ci.upper() : ci.lower();
        double bestEnd = rise ? -ci.lower() : ci.upper();
        boolean passed = worstEnd >= -margin - EPS;
        String interval = String.format(Locale.ROOT, "95 %% interval of new − active %+.3f to %+.3f", ci.lower(),
                ci.upper());
        String change = rise ? "rise" : "drop";
        String why;
        if (passed) {
            why = String.format(Locale.ROOT, "Passed: %s; even its %s end is within the allowed %s of %.3f.",
                    interval, rise ? "high" : "low", change, margin);
        } else if (bestEnd < -margin) {
            why = String.format(Locale.ROOT, "Failed: the new model is worse by more than the allowed %.3f (%s).",
                    margin, interval) + (rise ? " It reads more from outside the lungs than the active model." : "");
        } else {
            why = String.format(Locale.ROOT, "Failed: %s; a %s of more than the allowed %.3f cannot be ruled out. "
                    + "A larger site test split narrows the interval.", interval, change, margin);
        }
        return new CriterionResult(d.metric().title, requirement, d.active(), d.candidate(), ci.lower(), ci.upper(),
                passed, why);
    }
}
