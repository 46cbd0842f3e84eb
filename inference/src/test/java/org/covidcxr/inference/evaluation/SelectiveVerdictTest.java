package org.covidcxr.inference.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectiveVerdictTest {

    private static LabelledPrediction p(String source, int label, double covid) {
        float c = (float) covid;
        return new LabelledPrediction(source + label + covid, source + covid, source, label,
                new float[] {c, (1 - c) / 2, (1 - c) / 2});
    }

    /** Own source "a": 10 COVID-19 at 0.5..0.95, 10 others at 0.05..0.5 (two of them high: 0.45, 0.5). */
    private static List<LabelledPrediction> validation() {
        List<LabelledPrediction> v = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            v.add(p("a", 0, 0.5 + 0.05 * i));
            v.add(p("a", 2, 0.05 * (i + 1)));
            v.add(p("b", 1, 0.9)); // another source's non-COVID images must not decide it, however high
        }
        return v;
    }

    @Test
    void theCallStartsWhereAtMostOneInTenOwnSourceNegativesReach() {
        SelectiveVerdict.Choice choice = SelectiveVerdict.choose(validation(), 0.1);

        assertThat(choice.negatives()).isEqualTo(10);
        assertThat(choice.confidentThreshold()).as("just above the second-highest own-source negative, 0.45")
                .isGreaterThan(0.45).isLessThan(0.4501);
        assertThat(choice.images()).isEqualTo(20);
        assertThat(choice.flagged()).as("9 negatives and 10 COVID-19 at or above 0.1").isEqualTo(19);
        assertThat(choice.calls()).as("10 COVID-19 and the 0.5 negative").isEqualTo(11);
        assertThat(choice.callAccuracy()).isEqualTo(10 / 11.0);
        assertThat(choice.coverage()).isEqualTo(11 / 19.0);
        assertThat(choice.rule()).contains("10 non-COVID validation images of COVID-19's own source (a)");

        SelectiveVerdict.Choice again = SelectiveVerdict.measure(validation(), 0.1, choice.confidentThreshold());
        assertThat(again).extracting(SelectiveVerdict.Choice::calls, SelectiveVerdict.Choice::flagged,
                SelectiveVerdict.Choice::negatives).containsExactly(11, 19, 10);
    }

    @Test
    void aModelThatSeparatesWellKeepsItsOperatingThreshold() {
        List<LabelledPrediction> v = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            v.add(p("a", 0, 0.6 + 0.03 * i));
            v.add(p("a", 1, 0.01 * i));
        }
        assertThat(SelectiveVerdict.choose(v, 0.3).confidentThreshold()).isEqualTo(0.3);
    }

    @Test
    void tooFewOwnSourceNegativesMeanNoCallAtAll() {
        List<LabelledPrediction> v = List.of(p("a", 0, 0.9), p("a", 0, 0.8), p("a", 2, 0.2), p("b", 1, 0.1));
        SelectiveVerdict.Choice choice = SelectiveVerdict.choose(v, 0.1);
        assertThat(choice.confidentThreshold()).isGreaterThan(1);
        assertThat(choice.calls()).isZero();
        assertThat(choice.rule()).startsWith("No COVID-19 call");
    }
}
