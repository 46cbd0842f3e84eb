package org.covidcxr.inference.serving;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void betweenTheThresholdsTheModelMakesNoCovidCall() {
        assertThat(Verdict.of(0.05f, 0.1f, 0.4f)).isEqualTo(Verdict.NOT_SUSPECTED);
        assertThat(Verdict.of(0.1f, 0.1f, 0.4f)).isEqualTo(Verdict.INDETERMINATE);
        assertThat(Verdict.of(0.39f, 0.1f, 0.4f)).isEqualTo(Verdict.INDETERMINATE);
        assertThat(Verdict.of(0.4f, 0.1f, 0.4f)).isEqualTo(Verdict.SUSPECTED);
    }

    @Test
    void withoutABandTheOperatingThresholdDecidesAlone() {
        assertThat(Verdict.of(0.1f, 0.1f, 0.1f)).isEqualTo(Verdict.SUSPECTED);
        assertThat(Verdict.of(0.09f, 0.1f, 0.1f)).isEqualTo(Verdict.NOT_SUSPECTED);
        assertThat(Verdict.of(0.1f, 0.1f, 0.0f)).as("a confident threshold below the operating one is ignored")
                .isEqualTo(Verdict.SUSPECTED);
    }
}
