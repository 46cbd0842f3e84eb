package org.covidcxr.inference.sitetraining;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.covidcxr.inference.ModelSignature;

/**
 * A patient-level split of scanned images.
 *
 * @param settings how it was made
 * @param assigned every accepted image with its split, in scan order
 * @param warnings plain-language reasons why a result on this data may not mean much
 */
public record SplitPlan(SplitSettings settings, List<Assigned> assigned, List<String> warnings) {

    public SplitPlan {
        assigned = List.copyOf(assigned);
        warnings = List.copyOf(warnings);
    }

    /** One image and where it goes. */
    public record Assigned(ScannedImage image, Split split) {
    }

    /** Images per split and class, splits and classes in their fixed order. */
    public Map<Split, Map<String, Integer>> imageCounts() {
        Map<Split, Map<String, Integer>> counts = emptyTable();
        assigned.forEach(a -> counts.get(a.split()).merge(a.image().label(), 1, Integer::sum));
        return counts;
    }

    /** Distinct patients per split and class. */
    public Map<Split, Map<String, Integer>> patientCounts() {
        Map<Split, Map<String, Set<String>>> sets = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            Map<String, Set<String>> perClass = new LinkedHashMap<>();
            ModelSignature.CLASSES.forEach(c -> perClass.put(c, new TreeSet<>()));
            sets.put(s, perClass);
        }
        assigned.forEach(a -> sets.get(a.split()).get(a.image().label()).add(a.image().patient()));
        Map<Split, Map<String, Integer>> counts = emptyTable();
        sets.forEach((s, perClass) -> perClass.forEach((c, set) -> counts.get(s).put(c, set.size())));
        return counts;
    }

    public List<ScannedImage> images(Split split) {
        return assigned.stream().filter(a -> a.split() == split).map(Assigned::image).toList();
    }

    private static Map<Split, Map<String, Integer>> emptyTable() {
        Map<Split, Map<String, Integer>> counts = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            Map<String, Integer> perClass = new LinkedHashMap<>();
            ModelSignature.CLASSES.forEach(c -> perClass.put(c, 0));
            counts.put(s, perClass);
        }
        return counts;
    }
}
