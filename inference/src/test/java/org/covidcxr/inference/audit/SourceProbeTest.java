package org.covidcxr.inference.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.covidcxr.inference.data.LabelledImage;
import org.junit.jupiter.api.Test;

/** The source probe finds a source that the features carry, and only then. */
class SourceProbeTest {

    /** 30 normal (10 "a", 20 "b"), 30 pneumonia (15 + 15), 10 COVID-19 of source "a" only; 16 features. */
    private static List<LabelledImage> images() {
        List<LabelledImage> out = new ArrayList<>();
        int[][] counts = {{10, 0}, {10, 20}, {15, 15}};
        for (int label = 0; label < 3; label++) {
            for (int s = 0; s < 2; s++) {
                for (int k = 0; k < counts[label][s]; k++) {
                    String source = s == 0 ? "a" : "b";
                    out.add(new LabelledImage(Path.of(label + source + k), label, source + label + "-" + k, source,
                            "test"));
                }
            }
        }
        return out;
    }

    private static float[][] features(List<LabelledImage> images, float sourceSignal) {
        Random random = new Random(11);
        float[][] f = new float[images.size()][16];
        for (int i = 0; i < f.length; i++) {
            for (int j = 0; j < 16; j++) {
                f[i][j] = (float) random.nextGaussian();
            }
            f[i][3] += images.get(i).source().equals("b") ? sourceSignal : 0;
        }
        return f;
    }

    @Test
    void featuresThatCarryTheSourceAreCaughtWithinEachClass() {
        List<LabelledImage> images = images();
        List<SourceProbe.Row> rows = SourceProbe.run(features(images, 3f), images);

        assertThat(rows).extracting(SourceProbe.Row::className).containsExactly("normal", "pneumonia");
        assertThat(rows).allSatisfy(r -> assertThat(r.auroc()).isGreaterThan(0.9));
        assertThat(rows.get(0)).extracting(SourceProbe.Row::otherSource, SourceProbe.Row::others,
                SourceProbe.Row::positiveSource, SourceProbe.Row::positives).containsExactly("a", 10, "b", 20);
    }

    @Test
    void featuresThatDoNotCarryItStayNearChance() {
        List<LabelledImage> images = images();
        assertThat(SourceProbe.run(features(images, 0f), images))
                .allSatisfy(r -> assertThat(r.auroc()).isBetween(0.2, 0.8));
    }
}
