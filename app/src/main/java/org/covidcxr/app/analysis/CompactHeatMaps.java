package org.covidcxr.app.analysis;

import java.util.List;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.inference.serving.HeatMap;

/**
 * Shrinks a diagnosis's Grad-CAM maps for keeping in the worklist. The model delivers them at the radiograph's full
 * size (three float maps of a 2000 × 2000 image are 48 MB), yet Grad-CAM is inherently coarse (the last
 * convolutional block of a 160 px input is a few cells wide), so a box-averaged copy of at most
 * {@value #MAX_SIDE} px loses nothing visible; the viewer and the report stretch it back over the image.
 */
public final class CompactHeatMaps {
    public static final int MAX_SIDE = 256;

    private CompactHeatMaps() {
    }

    public static Diagnosis of(Diagnosis d) {
        List<HeatMap> maps = d.heatMaps().stream().map(CompactHeatMaps::shrink).toList();
        return new Diagnosis(d.modelVersion(), d.classes(), d.probabilities(), d.logits(), d.operatingThreshold(),
                d.confidentThreshold(), maps, d.lungAttention());
    }

    static HeatMap shrink(HeatMap map) {
        int longer = Math.max(map.width(), map.height());
        if (longer <= MAX_SIDE) {
            return map;
        }
        double s = (double) MAX_SIDE / longer;
        int w = Math.max(1, (int) Math.round(map.width() * s));
        int h = Math.max(1, (int) Math.round(map.height() * s));
        float[] sum = new float[w * h];
        int[] count = new int[w * h];
        float[] values = map.values();
        for (int y = 0; y < map.height(); y++) {
            int ty = Math.min(h - 1, (int) ((long) y * h / map.height()));
            for (int x = 0; x < map.width(); x++) {
                int t = ty * w + Math.min(w - 1, (int) ((long) x * w / map.width()));
                sum[t] += values[y * map.width() + x];
                count[t]++;
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= Math.max(1, count[i]);
        }
        return new HeatMap(w, h, sum);
    }
}
