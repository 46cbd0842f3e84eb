package org.covidcxr.app.ui.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrainStepTest {

    @Test
    void theTimeLeftNeverReadsAsZeroMinutes() {
        assertThat(TrainStep.timeLeft(20)).isEqualTo("Less than a minute left");
        assertThat(TrainStep.timeLeft(59.9)).isEqualTo("Less than a minute left");
        assertThat(TrainStep.timeLeft(60)).isEqualTo("About 1 min left");
        assertThat(TrainStep.timeLeft(150)).isEqualTo("About 3 min left");
    }
}
