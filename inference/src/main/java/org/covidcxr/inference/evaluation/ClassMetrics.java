package org.covidcxr.inference.evaluation;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One class's metrics inside a group. AUROC is one-vs-rest on the class's probability; it and its interval are empty
 * when the group lacks the class or has nothing else (AUROC is undefined then).
 *
 * @param support number of images of this class in the group
 * @param roc     one-vs-rest ROC curve vertices, empty when AUROC is undefined
 */
public record ClassMetrics(String name, long support, OptionalDouble precision, OptionalDouble recall,
                           OptionalDouble f1, OptionalDouble auroc, Optional<ConfidenceInterval> aurocCi,
                           List<RocPoint> roc) {

    public ClassMetrics {
        roc = List.copyOf(roc);
    }
}
