package org.covidcxr.inference.sitetraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.inference.serving.HeatMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 4: criteria are non-inferiority margins judged on paired patient bootstrap intervals of the
 * difference, for COVID-19 AUROC, sensitivity, specificity and macro F1, each with a sentence saying why.
 */
class AcceptanceCriteriaTest {
    private static final float THRESHOLD = 0.5f;

    @Test
    void theSameModelPassesEveryCriterionWithAnIntervalOfZero() {
        List<PairedDifferences.Case> cases = site(60, 0);

        List<CriterionResult> results = AcceptanceCriteria.DEFAULT.evaluate(PairedDifferences.of(cases));

        assertThat(results).extracting(CriterionResult::name).containsExactly("COVID-19 AUROC",
                "COVID-19 sensitivity at threshold", "COVID-19 specificity at threshold", "Macro F1 (three classes)");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.passed()).as(r.name()).isTrue();
            assertThat(r.differenceLower()).isZero();
            assertThat(r.differenceUpper()).isZero();
            assertThat(r.reason()).startsWith("Passed");
        });
        assertThat(AcceptanceCriteria.allPassed(results)).isTrue();
    }

    /** The point values of a worse model could hide behind a small test set; its interval does not. */
    @Test
    void aModelThatGotWorseFailsWithTheReasonEvenWhereItsPointValueIsWithinTheMargin() {
        // The new model gets every fifth film wrong.
        List<PairedDifferences.Case> cases = site(60, 5);

        List<CriterionResult> results = AcceptanceCriteria.DEFAULT.evaluate(PairedDifferences.of(cases));

        CriterionResult sensitivity = results.get(1);
        assertThat(sensitivity.candidate()).isLessThan(sensitivity.active());
        assertThat(sensitivity.passed()).isFalse();
        assertThat(sensitivity.differenceLower()).isLessThan(-0.10);
        assertThat(sensitivity.reason()).startsWith("Failed").contains("allowed 0.100");
        assertThat(results.get(3).passed()).as("macro F1").isFalse();
        assertThat(AcceptanceCriteria.allPassed(results)).isFalse();
    }

    @Test
    void theSameSmallDropPassesOnALargeTestSetAndFailsOnATinyOne() {
        // Every 25th film wrong: 4 % of each class on 600 patients; on 15, two of the ten COVID-19 films.
        List<CriterionResult> large = AcceptanceCriteria.DEFAULT.evaluate(PairedDifferences.of(site(600, 25)));
        List<CriterionResult> tiny = AcceptanceCriteria.DEFAULT.evaluate(PairedDifferences.of(site(15, 25)));

        assertThat(large.get(1).passed()).as(large.get(1).reason()).isTrue();
        assertThat(tiny.get(1).passed()).as(tiny.get(1).reason()).isFalse();
        assertThat(tiny.get(1).reason()).contains("cannot be ruled out");
    }

    @Test
    void aTestSplitWithoutCovidCannotPassAndSaysWhy() {
        List<PairedDifferences.Case> cases = site(30, 0).stream()
                .filter(c -> c.label() != ModelSignature.COVID).toList();

        List<CriterionResult> results = AcceptanceCriteria.DEFAULT.evaluate(PairedDifferences.of(cases));

        assertThat(results.get(0).passed()).isFalse();
        assertThat(results.get(0).reason()).startsWith("Not judged");
        assertThat(results.get(1).passed()).isFalse();
        assertThat(results.get(2).passed()).isTrue();
    }

    @Test
    void marginsOutsideZeroToOneAreRefused() {
        assertThatThrownBy(() -> new AcceptanceCriteria(-0.1, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AcceptanceCriteria(0, 0, 0, 1.5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AcceptanceCriteria(0, 0, 0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The shortcut audit's criterion: with the lungs hidden a model that reads disease falls to chance. A new model
     * that still tells COVID-19 apart there reads more from outside the lungs than the active one, and fails.
     */
    @Test
    void aNewModelThatStillSeesCovidWithTheLungsHiddenFailsTheShortcutCriterion() {
        List<PairedDifferences.Case> full = site(60, 0);
        List<PairedDifferences.Case> bothLost = full.stream().map(c -> new PairedDifferences.Case(c.patientId(),
                c.label(), answer(c.label(), true), answer(c.label(), true))).toList();
        List<PairedDifferences.Case> newStillSees = full.stream().map(c -> new PairedDifferences.Case(c.patientId(),
                c.label(), answer(c.label(), true), answer(c.label(), false))).toList();

        List<CriterionResult> same = AcceptanceCriteria.DEFAULT.evaluate(PairedDifferences.of(full, bothLost));
        List<CriterionResult> worse = AcceptanceCriteria.DEFAULT.evaluate(PairedDifferences.of(full, newStillSees));

        assertThat(same).hasSize(5);
        assertThat(same.get(4).name()).isEqualTo("COVID-19 AUROC with the lungs hidden");
        assertThat(same.get(4).requirement()).isEqualTo("not higher than the active model's by more than 0.050");
        assertThat(same.get(4).passed()).as(same.get(4).reason()).isTrue();
        assertThat(same.get(4).reason()).contains("even its high end is within the allowed rise of 0.050");
        CriterionResult shortcut = worse.get(4);
        assertThat(shortcut.candidate()).isGreaterThan(shortcut.active());
        assertThat(shortcut.passed()).isFalse();
        assertThat(shortcut.reason()).startsWith("Failed").contains("reads more from outside the lungs");
        assertThat(worse.subList(0, 4)).as("the full films' criteria are untouched").allMatch(CriterionResult::passed);
        assertThat(AcceptanceCriteria.DEFAULT.evaluate(PairedDifferences.of(full))).as("no segmenter: not judged")
                .hasSize(4);
    }

    /**
     * A site test split of {@code patients} patients with two films each, a third of them per class. The active model
     * is right about every film; the new one is wrong about every {@code wrongEvery}-th (none for 0).
     */
    private static List<PairedDifferences.Case> site(int patients, int wrongEvery) {
        List<PairedDifferences.Case> cases = new ArrayList<>();
        for (int p = 0; p < patients; p++) {
            int label = p % 3;
            for (int film = 0; film < 2; film++) {
                boolean wrong = wrongEvery > 0 && cases.size() % wrongEvery == 0;
                cases.add(new PairedDifferences.Case("patient-" + p, label, answer(label, false),
                        answer(label, wrong)));
            }
        }
        return cases;
    }

    /** A confident answer for the true class, or for the next class when wrong. */
    private static Diagnosis answer(int label, boolean wrong) {
        int called = wrong ? (label + 1) % 3 : label;
        float[] probabilities = new float[3];
        probabilities[called] = 0.8f;
        probabilities[(called + 1) % 3] = 0.15f;
        probabilities[(called + 2) % 3] = 0.05f;
        List<HeatMap> maps = ModelSignature.CLASSES.stream().map(c -> new HeatMap(1, 1, new float[] {0f})).toList();
        return new Diagnosis("t", ModelSignature.CLASSES, probabilities, new float[3], THRESHOLD, THRESHOLD, maps,
                OptionalDouble.empty());
    }
}
