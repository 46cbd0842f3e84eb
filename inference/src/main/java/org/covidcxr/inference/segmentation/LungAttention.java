package org.covidcxr.inference.segmentation;

import java.util.Locale;
import java.util.Optional;
import org.covidcxr.inference.serving.HeatMap;

/**
 * What share of a Grad-CAM map lies inside the lungs. A model that reads disease should look mostly there; one whose
 * attention lies mostly on markers, text or the film's edges is reading something else.
 */
public final class LungAttention {
    /** Below this share inside the lungs the workstation warns. */
    public static final double WARN_BELOW = 0.5;

    private LungAttention() {
    }

    /** Σ map inside the lungs / Σ map; NaN for an empty map. */
    public static double insideShare(HeatMap map, LungMask lungs) {
        double inside = 0;
        double total = 0;
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < map.width(); x++) {
                double v = map.value(x, y);
                total += v;
                if (lungs.at((x + 0.5) / map.width(), (y + 0.5) / map.height())) {
                    inside += v;
                }
            }
        }
        return total > 0 ? inside / total : Double.NaN;
    }

    /** The warning to show beside a result whose attention lies mostly outside the lungs. */
    public static Optional<String> warning(double share) {
        return share < WARN_BELOW ? Optional.of(String.format(Locale.ROOT, "Only %.0f %% of the model's COVID-19 "
                + "attention lies inside the lungs: it may be reading markers, text or the film's edges rather than the "
                + "lungs. Weigh the result accordingly.", 100 * share)) : Optional.empty();
    }
}
