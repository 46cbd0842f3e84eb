package org.covidcxr.inference.sitetraining;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.covidcxr.inference.ModelSignature;

/**
 * What a scan found: the usable images (in a stable order) and the files it skipped, with reasons.
 *
 * @param images   accepted images, first occurrence of each distinct image only
 * @param rejected files not used, in the order they were met
 */
public record ScanResult(List<ScannedImage> images, List<RejectedFile> rejected) {

    public ScanResult {
        images = List.copyOf(images);
        rejected = List.copyOf(rejected);
    }

    /** Images per class, in the model's class order (classes without images show 0). */
    public Map<String, Integer> imagesPerClass() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        ModelSignature.CLASSES.forEach(c -> counts.put(c, 0));
        images.forEach(i -> counts.merge(i.label(), 1, Integer::sum));
        return counts;
    }

    /** Distinct patients per class, in the model's class order. */
    public Map<String, Integer> patientsPerClass() {
        Map<String, Set<String>> patients = new LinkedHashMap<>();
        ModelSignature.CLASSES.forEach(c -> patients.put(c, new TreeSet<>()));
        images.forEach(i -> patients.get(i.label()).add(i.patient()));
        Map<String, Integer> counts = new LinkedHashMap<>();
        patients.forEach((c, set) -> counts.put(c, set.size()));
        return counts;
    }

    /** Rejected files per reason. */
    public Map<ScanProblem, Integer> rejectedPerProblem() {
        Map<ScanProblem, Integer> counts = new LinkedHashMap<>();
        rejected.forEach(r -> counts.merge(r.problem(), 1, Integer::sum));
        return counts;
    }

    /** Images whose patient nobody named: each counts as its own patient. */
    public long imagesWithoutPatient() {
        return images.stream().filter(i -> !i.patientKnown()).count();
    }
}
