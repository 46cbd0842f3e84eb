package org.covidcxr.app.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.inference.serving.HeatMap;
import org.junit.jupiter.api.Test;

class CompactHeatMapsTest {

    @Test
    void largeMapsShrinkKeepingWhereTheHeatIsAndProbabilitiesUntouched() {
        float[] v = new float[1000 * 500];
        for (int y = 80; y < 120; y++) {
            for (int x = 780; x < 820; x++) {
                v[y * 1000 + x] = 1f;
            }
        }
        HeatMap big = new HeatMap(1000, 500, v);
        HeatMap small = new HeatMap(100, 50, new float[100 * 50]);
        Diagnosis d = new Diagnosis("m", ModelSignature.CLASSES, new float[] {0.7f, 0.2f, 0.1f}, new float[3], 0.4f, 0.4f,
                List.of(big, small, small), java.util.OptionalDouble.empty());

        Diagnosis compact = CompactHeatMaps.of(d);
        HeatMap c = compact.heatMap("covid");
        assertThat(c.width()).isEqualTo(CompactHeatMaps.MAX_SIDE);
        assertThat(c.height()).isEqualTo(128);
        assertThat(c.value(205, 25)).isEqualTo(1f);
        assertThat(c.value(50, 100)).isZero();
        assertThat(compact.heatMap("normal")).isSameAs(small);
        assertThat(compact.probabilities()).containsExactly(d.probabilities());
        assertThat(compact.verdict()).isEqualTo(d.verdict());
        assertThat(compact.confidentThreshold()).isEqualTo(d.confidentThreshold());
    }
}
