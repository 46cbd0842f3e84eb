package org.covidcxr.inference.sitetraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptanceCriteriaTest {
    private final ModelScore active = new ModelScore(0.950, 0.90, 0.80);

    @Test
    void defaultsAllowASmallAurocDropButNoSensitivityLoss() {
        List<CriterionResult> ok = AcceptanceCriteria.DEFAULT.evaluate(active, new ModelScore(0.9405, 0.90, 0.70));
        assertThat(ok).extracting(CriterionResult::passed).containsExactly(true, true);
        assertThat(AcceptanceCriteria.allPassed(ok)).isTrue();

        List<CriterionResult> worse = AcceptanceCriteria.DEFAULT.evaluate(active, new ModelScore(0.939, 0.95, 0.9));
        assertThat(worse).extracting(CriterionResult::passed).containsExactly(false, true);
        assertThat(worse.get(0).requirement()).contains("0.010");

        List<CriterionResult> lessSensitive = AcceptanceCriteria.DEFAULT.evaluate(active,
                new ModelScore(0.99, 0.8999, 0.99));
        assertThat(AcceptanceCriteria.allPassed(lessSensitive)).isFalse();
        assertThat(lessSensitive.get(1).requirement()).isEqualTo("at least the active model's");
    }

    @Test
    void undefinedValuesFailAndBadSettingsAreRefused() {
        List<CriterionResult> results = AcceptanceCriteria.DEFAULT.evaluate(new ModelScore(Double.NaN, 0.9, 0.8),
                new ModelScore(0.99, 0.99, 0.99));
        assertThat(results.get(0).passed()).isFalse();
        assertThat(new AcceptanceCriteria(0.05, 0.1).evaluate(active, new ModelScore(0.901, 0.81, 0)))
                .extracting(CriterionResult::passed).containsExactly(true, true);
        assertThatThrownBy(() -> new AcceptanceCriteria(-0.1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
