package org.covidcxr.inference.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import org.covidcxr.inference.Letterbox;
import org.covidcxr.inference.serving.HeatMap;
import org.junit.jupiter.api.Test;

class LungAttentionTest {

    /** A 200 x 100 image letterboxed into 20 px: content rows 5..14; "lungs" are its left half. */
    private static LungMask leftHalf() {
        Letterbox box = Letterbox.fit(200, 100, 20);
        boolean[] lungs = new boolean[20 * 20];
        for (int v = box.padTop(); v < box.padTop() + box.contentHeight(); v++) {
            for (int u = 0; u < 10; u++) {
                lungs[v * 20 + u] = true;
            }
        }
        return new LungMask(lungs, box);
    }

    private static HeatMap hotAt(int fromX, int toX) {
        float[] v = new float[40 * 20];
        for (int y = 0; y < 20; y++) {
            for (int x = fromX; x < toX; x++) {
                v[y * 40 + x] = 1;
            }
        }
        return new HeatMap(40, 20, v);
    }

    @Test
    void measuresTheShareOfTheMapThatFallsInsideTheLungsWhateverTheMapsResolution() {
        assertThat(LungAttention.insideShare(hotAt(0, 20), leftHalf())).isEqualTo(1.0);
        assertThat(LungAttention.insideShare(hotAt(20, 40), leftHalf())).isZero();
        assertThat(LungAttention.insideShare(hotAt(10, 30), leftHalf())).isEqualTo(0.5);
        assertThat(LungAttention.insideShare(new HeatMap(40, 20, new float[800]), leftHalf())).isNaN();
    }

    @Test
    void warnsOnlyWhenMostOfTheAttentionIsOutside() {
        assertThat(LungAttention.warning(0.23)).hasValueSatisfying(w -> assertThat(w).startsWith("Only 23 % of the "
                + "model's COVID-19 attention lies inside the lungs"));
        assertThat(LungAttention.warning(0.5)).isEmpty();
        assertThat(LungAttention.warning(Double.NaN)).isEmpty();
    }
}
