package org.covidcxr.inference.sitetraining;

import java.util.List;
import org.covidcxr.inference.evaluation.EvaluationReport;

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
}
