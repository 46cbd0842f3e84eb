package org.covidcxr.inference.sitetraining;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.covidcxr.inference.ModelSignature;

/**
 * Splits by patient, never by image: all images of a patient land in one split, otherwise the site test would
 * measure how well the model recognises patients it has already seen. Patients are stratified by their most frequent
 * label so every split gets each class in about the chosen shares.
 */
public final class SplitPlanner {
    /** Below this many images of a class in a split, its metrics are too noisy to compare models. */
    static final int MIN_IMAGES_PER_CLASS_AND_SPLIT = 10;
    /** Below this many patients of a class in the site test, a patient bootstrap CI is nearly uninformative. */
    static final int MIN_TEST_PATIENTS_PER_CLASS = 5;

    private SplitPlanner() {
    }

    public static SplitPlan plan(ScanResult scan, SplitSettings settings) {
        Map<String, List<ScannedImage>> byPatient = new TreeMap<>();
        scan.images().forEach(i -> byPatient.computeIfAbsent(i.patient(), p -> new ArrayList<>()).add(i));

        Map<String, List<String>> patientsByLabel = new LinkedHashMap<>();
        ModelSignature.CLASSES.forEach(c -> patientsByLabel.put(c, new ArrayList<>()));
        byPatient.forEach((patient, images) -> patientsByLabel.get(primaryLabel(images)).add(patient));

        // Sorted patient lists + a seeded shuffle per class: the split depends only on the data and the seed.
        Random random = new Random(settings.seed());
        Map<String, Split> splitOfPatient = new TreeMap<>();
        for (List<String> patients : patientsByLabel.values()) {
            Collections.shuffle(patients, random);
            int n = patients.size();
            int test = share(n, settings.testFraction());
            int val = share(n, settings.validationFraction());
            if (test + val >= n) {
                val = Math.max(0, n - test - 1);
            }
            for (int k = 0; k < n; k++) {
                splitOfPatient.put(patients.get(k), k < test ? Split.TEST : k < test + val ? Split.VAL : Split.TRAIN);
            }
        }
        List<SplitPlan.Assigned> assigned = scan.images().stream()
                .map(i -> new SplitPlan.Assigned(i, splitOfPatient.get(i.patient()))).toList();
        SplitPlan draft = new SplitPlan(settings, assigned, List.of());
        return new SplitPlan(settings, assigned, warnings(scan, draft));
    }

    /** Rounded share, but at least one patient once a class has three, so no split silently lacks the class. */
    private static int share(int n, double fraction) {
        int k = (int) Math.round(n * fraction);
        return n >= 3 ? Math.max(1, k) : k;
    }

    private static String primaryLabel(List<ScannedImage> images) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        ModelSignature.CLASSES.forEach(c -> counts.put(c, 0));
        images.forEach(i -> counts.merge(i.label(), 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static List<String> warnings(ScanResult scan, SplitPlan plan) {
        List<String> warnings = new ArrayList<>();
        Map<Split, Map<String, Integer>> images = plan.imageCounts();
        Map<Split, Map<String, Integer>> patients = plan.patientCounts();
        for (String c : ModelSignature.CLASSES) {
            int total = scan.imagesPerClass().get(c);
            if (total == 0) {
                warnings.add("No " + c + " images: the new model cannot learn or be tested on this class.");
                continue;
            }
            for (Split s : Split.values()) {
                int n = images.get(s).get(c);
                if (n < MIN_IMAGES_PER_CLASS_AND_SPLIT) {
                    warnings.add("Only " + n + " " + c + " image(s) in " + s.column() + " (at least "
                            + MIN_IMAGES_PER_CLASS_AND_SPLIT + " recommended): results for this class will be noisy.");
                }
            }
            int testPatients = patients.get(Split.TEST).get(c);
            if (testPatients < MIN_TEST_PATIENTS_PER_CLASS) {
                warnings.add("Only " + testPatients + " " + c + " patient(s) in the site test (at least "
                        + MIN_TEST_PATIENTS_PER_CLASS + " recommended): the comparison with the active model will "
                        + "have very wide confidence intervals.");
            }
        }
        long unnamed = scan.imagesWithoutPatient();
        if (unnamed > 0) {
            warnings.add(unnamed + " image(s) have no patient ID (no manifest column, no DICOM header): each is "
                    + "treated as its own patient, so images of one patient may end up in different splits. Add a "
                    + "patient_id column to a manifest to prevent this.");
        }
        return warnings;
    }
}
