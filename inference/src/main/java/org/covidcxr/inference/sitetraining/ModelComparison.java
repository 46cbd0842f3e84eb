package org.covidcxr.inference.sitetraining;

import java.util.List;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.evaluation.EvaluationReport;
import org.covidcxr.inference.evaluation.GroupMetrics;

/**
 * The active model and the new one on the same site test images, and the verdict of the acceptance criteria.
 *
 * @param gallery a few test images per class with both models' Grad-CAM
 */
public record ModelComparison(String activeVersion, String candidateVersion, EvaluationReport active,
                              EvaluationReport candidate, List<CriterionResult> criteria, List<GalleryItem> gallery) {

    public ModelComparison {
        criteria = List.copyOf(criteria);
        gallery = List.copyOf(gallery);
    }

    public boolean passed() {
        return AcceptanceCriteria.allPassed(criteria);
    }

    /** The numbers the criteria compare, from one model's report (NaN where the site test cannot define them). */
    public static ModelScore score(EvaluationReport report) {
        GroupMetrics all = report.overall();
        return new ModelScore(
                all.classMetrics(ModelSignature.CLASSES.get(ModelSignature.COVID)).auroc().orElse(Double.NaN),
                all.operatingPoint().sensitivity().orElse(Double.NaN),
                all.operatingPoint().specificity().orElse(Double.NaN));
    }
}
