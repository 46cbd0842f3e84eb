package org.covidcxr.inference.sitetraining;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitPlannerTest {

    /** 3 classes × 40 patients, 1–3 images each; some patients have images of two classes. */
    private static ScanResult site() {
        List<ScannedImage> images = new ArrayList<>();
        String[] labels = {"covid", "normal", "pneumonia"};
        int n = 0;
        for (int p = 0; p < 120; p++) {
            String label = labels[p % 3];
            for (int k = 0; k <= p % 3; k++) {
                String l = k == 2 ? "normal" : label;
                images.add(new ScannedImage(Path.of("img" + n + ".png"), l, "p-" + p, true, "h" + n++,
                        ImageFormat.PNG));
            }
        }
        return new ScanResult(images, List.of());
    }

    @Test
    void everyPatientLandsInExactlyOneSplitInAboutTheChosenShares() {
        SplitPlan plan = SplitPlanner.plan(site(), SplitSettings.defaults(7));
        Map<String, Split> splitOfPatient = new HashMap<>();
        for (SplitPlan.Assigned a : plan.assigned()) {
            Split previous = splitOfPatient.putIfAbsent(a.image().patient(), a.split());
            assertThat(previous == null || previous == a.split())
                    .as("patient %s split across %s and %s", a.image().patient(), previous, a.split()).isTrue();
        }
        assertThat(plan.assigned()).hasSize(site().images().size());
        long test = splitOfPatient.values().stream().filter(s -> s == Split.TEST).count();
        long val = splitOfPatient.values().stream().filter(s -> s == Split.VAL).count();
        assertThat(test).isEqualTo(18);   // 15% of 40 patients per class = 6, three classes
        assertThat(val).isEqualTo(18);
        assertThat(plan.patientCounts().get(Split.TEST).get("covid")).isEqualTo(6);
    }

    @Test
    void theSeedDecidesTheSplitAndNothingElse() {
        SplitPlan a = SplitPlanner.plan(site(), SplitSettings.defaults(7));
        SplitPlan b = SplitPlanner.plan(site(), SplitSettings.defaults(7));
        SplitPlan c = SplitPlanner.plan(site(), SplitSettings.defaults(8));
        assertThat(a.assigned()).isEqualTo(b.assigned());
        assertThat(c.assigned()).isNotEqualTo(a.assigned());
        // Scan order does not matter either: the planner sorts patients before shuffling.
        List<ScannedImage> reversed = new ArrayList<>(site().images());
        java.util.Collections.reverse(reversed);
        SplitPlan d = SplitPlanner.plan(new ScanResult(reversed, List.of()), SplitSettings.defaults(7));
        assertThat(d.images(Split.TEST)).containsExactlyInAnyOrderElementsOf(a.images(Split.TEST));
    }

    @Test
    void smallClassesAndUnknownPatientsAreWarnedAbout() {
        List<ScannedImage> images = new ArrayList<>(site().images());
        images.removeIf(i -> i.label().equals("pneumonia"));
        images.add(new ScannedImage(Path.of("x.png"), "pneumonia", "i-1", false, "hx", ImageFormat.PNG));
        SplitPlan plan = SplitPlanner.plan(new ScanResult(images, List.of()), SplitSettings.defaults(1));
        assertThat(plan.warnings()).anyMatch(w -> w.startsWith("Only 0 pneumonia image(s) in test"))
                .anyMatch(w -> w.startsWith("Only 0 pneumonia patient(s) in the site test"))
                .anyMatch(w -> w.startsWith("1 image(s) have no patient ID"))
                .noneMatch(w -> w.contains("covid patient"));
    }
}
