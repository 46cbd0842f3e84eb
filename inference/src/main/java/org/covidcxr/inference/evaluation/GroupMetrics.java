package org.covidcxr.inference.evaluation;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Every metric of one group of images (all images, or one source).
 *
 * <p>Macro averages run over the classes present in this group's ground truth (see {@link ConfusionMatrix}); macro
 * AUROC is empty when fewer than two classes are present.
 *
 * @param name           group name: {@code all} or the source
 * @param images         number of images
 * @param patients       number of distinct patients (the bootstrap's resampling unit)
 * @param operatingPoint the positive class's decision at the settings' threshold
 */
public record GroupMetrics(String name, int images, int patients, double accuracy, double macroPrecision,
                           double macroRecall, double macroF1, OptionalDouble macroAuroc,
                           Optional<ConfidenceInterval> macroAurocCi, List<ClassMetrics> classes,
                           ConfusionMatrix confusionMatrix, OperatingPoint operatingPoint, Calibration calibration) {

    public GroupMetrics {
        classes = List.copyOf(classes);
    }

    public ClassMetrics classMetrics(String className) {
        return classes.stream().filter(c -> c.name().equals(className)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no class '" + className + "' in " + classes.stream()
                        .map(ClassMetrics::name).toList()));
    }
}
