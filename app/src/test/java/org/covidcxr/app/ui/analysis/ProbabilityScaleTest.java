package org.covidcxr.app.ui.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.covidcxr.inference.serving.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProbabilityScaleTest {
    /** The thresholds of the shipped default model 1.1.1, as its card holds them (read as floats, like a diagnosis). */
    private static final float OPERATING = 0.06192425265908241f;
    private static final float CONFIDENT = 0.8162583112716675f;
    private static final ProbabilityScale DEFAULT = new ProbabilityScale(OPERATING, CONFIDENT);

    @Test
    void theOperatingThresholdSitsAtTheTopAndTheBandAndTheCallShareTheSecondHalf() {
        assertThat(DEFAULT.position(0)).isZero();
        assertThat(DEFAULT.position(OPERATING)).isEqualTo(0.5);
        assertThat(DEFAULT.position(CONFIDENT)).isEqualTo(0.75);
        assertThat(DEFAULT.position(1)).isEqualTo(1);
        assertThat(DEFAULT.position(OPERATING / 2)).isCloseTo(0.25, within(1e-9));
        assertThat(DEFAULT.position(0.044)).as("1.1.0's 'not suspected' 4.4 %% is well inside the first half")
                .isBetween(0.3, 0.4);
        assertThat(DEFAULT.position(-0.5)).isZero();
        assertThat(DEFAULT.position(1.5)).isEqualTo(1);
        assertThat(DEFAULT.zones()).extracting(ProbabilityScale.Zone::verdict)
                .containsExactly(Verdict.NOT_SUSPECTED, Verdict.INDETERMINATE, Verdict.SUSPECTED);
        assertThat(DEFAULT.ticks()).containsExactly(new ProbabilityScale.Tick(0, "0 %", false),
                new ProbabilityScale.Tick(0.5, "6.2 %", true), new ProbabilityScale.Tick(0.75, "81.6 %", true),
                new ProbabilityScale.Tick(1, "100 %", false));
        assertThat(DEFAULT.legend())
                .isEqualTo("indeterminate from 6.2 % (operating threshold), suspected from 81.6 %");
    }

    @Test
    void withoutABandSuspectedTakesTheWholeSecondHalf() {
        ProbabilityScale scale = new ProbabilityScale(0.3, 0.3);
        assertThat(scale.position(0.3)).isEqualTo(0.5);
        assertThat(scale.position(0.65)).isCloseTo(0.75, within(1e-9));
        assertThat(scale.zones()).extracting(ProbabilityScale.Zone::verdict)
                .containsExactly(Verdict.NOT_SUSPECTED, Verdict.SUSPECTED);
        assertThat(scale.ticks()).extracting(ProbabilityScale.Tick::label).containsExactly("0 %", "30.0 %", "100 %");
        assertThat(scale.legend()).isEqualTo("suspected from 30.0 % (operating threshold)");
    }

    @Test
    void zonesAModelCannotReachTakeNoRoom() {
        // The test model that flags everything and never calls COVID-19 (TestModels.indeterminateBundle).
        ProbabilityScale never = new ProbabilityScale(0, 2);
        assertThat(never.zones()).containsExactly(new ProbabilityScale.Zone(Verdict.INDETERMINATE, 0, 1, 0, 1));
        assertThat(never.ticks()).extracting(ProbabilityScale.Tick::label).containsExactly("0 %", "100 %");
        assertThat(never.legend())
                .isEqualTo("indeterminate from 0.0 % (operating threshold); this model makes no COVID-19 call");

        ProbabilityScale noCall = new ProbabilityScale(OPERATING, 2);
        assertThat(noCall.zones()).extracting(ProbabilityScale.Zone::verdict)
                .containsExactly(Verdict.NOT_SUSPECTED, Verdict.INDETERMINATE);
        assertThat(noCall.position(OPERATING)).isEqualTo(0.5);
        assertThat(noCall.position(1)).isEqualTo(1);

        ProbabilityScale flagsAll = new ProbabilityScale(0, 0.5);
        assertThat(flagsAll.position(0.5)).isEqualTo(0.5);
        assertThat(flagsAll.zones()).extracting(ProbabilityScale.Zone::verdict)
                .containsExactly(Verdict.INDETERMINATE, Verdict.SUSPECTED);
    }

    /** Every probability lands in the zone of its own verdict, so the fill's colour and its place always agree. */
    @ParameterizedTest
    @CsvSource({"0.06192425265908241, 0.8162583112716675", "0.3, 0.3", "0, 2", "0.06192425265908241, 2", "0, 0.5",
            "0.5, 0.2", "0.9, 0.999"})
    void everyProbabilityLiesInTheZoneOfItsVerdictAndTheScaleRises(float operating, float confident) {
        ProbabilityScale scale = new ProbabilityScale(operating, confident);
        List<ProbabilityScale.Zone> zones = scale.zones();
        assertThat(zones.get(0).start()).isZero();
        assertThat(zones.get(zones.size() - 1).end()).isEqualTo(1);
        double previous = -1;
        for (int i = 0; i <= 10_000; i++) {
            float p = i / 10_000f;
            for (float q : new float[] {p, Math.nextDown(operating), operating, Math.nextDown(confident), confident}) {
                if (q < 0 || q > 1) {
                    continue;
                }
                Verdict verdict = Verdict.of(q, operating, confident);
                ProbabilityScale.Zone zone = zones.stream().filter(z -> z.verdict() == verdict).findFirst()
                        .orElseThrow(() -> new AssertionError(verdict + " at " + q + " has no zone"));
                assertThat(scale.position(q)).as("%s at %s", verdict, q).isBetween(zone.start(), zone.end());
            }
            assertThat(scale.position(p)).isGreaterThan(previous);
            previous = scale.position(p);
        }
    }

    @Test
    void probabilitiesReadAsEveryPanelShowsThem() {
        assertThat(ProbabilityScale.percent(0.0618)).isEqualTo("6.2 %");
        assertThat(ProbabilityScale.percent(1)).isEqualTo("100.0 %");
        assertThat(ProbabilityScale.percent(0)).isEqualTo("0.0 %");
        assertThatThrownBy(() -> new ProbabilityScale(Double.NaN, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
