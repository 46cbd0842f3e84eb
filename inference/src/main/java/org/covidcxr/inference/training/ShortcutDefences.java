package org.covidcxr.inference.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training options that deny the network the easy way to tell COVID-19 apart: where an image comes from. In the
 * project's data COVID-19 exists in one source only, so every difference between sources (markers, processing,
 * collimation) predicts the label; each option removes one way to profit from it.
 *
 * @param textMarkers       burnt-in text (like a portable unit's "PORTABLE AP") on half the images of every class
 * @param nuisance          acquisition nuisance on half the images of every class: JPEG re-compression, down- and
 *                          up-sampling, sharpening or blurring, and wider gamma and contrast changes, as other sources
 *                          process their films (implies {@code textMarkers})
 * @param sourceBalanced    loss weights that give each source of a class an equal share of that class's weight
 *                          (capped at {@link #MAX_BALANCE}× the class weight), so the scarce non-COVID images of
 *                          COVID-19's own source count as much as the plentiful ones of other sources
 * @param adversarialWeight strength of a source-adversarial head on the pooled features, trained through gradient
 *                          reversal within each class that has images of several sources (Ganin et al. 2016;
 *                          Robinson et al. 2021): within those classes the features must not tell the source; 0: off
 * @param rankingWeight     weight of a pairwise ranking loss between COVID-19 and non-COVID images of the same source
 *                          in a batch, on log P(COVID-19), which no difference between sources can lower; 0: off
 */
public record ShortcutDefences(boolean textMarkers, boolean nuisance, boolean sourceBalanced,
                               double adversarialWeight, double rankingWeight) {

    public static final ShortcutDefences NONE = new ShortcutDefences(false, false, false, 0, 0);
    static final double MAX_BALANCE = 8;

    public ShortcutDefences {
        if (!(adversarialWeight >= 0) || !(rankingWeight >= 0)) {
            throw new IllegalArgumentException("the adversarial and ranking weights must not be negative");
        }
        textMarkers = textMarkers || nuisance;
    }

    public ShortcutDefences withTextMarkers(boolean v) {
        return new ShortcutDefences(v, nuisance, sourceBalanced, adversarialWeight, rankingWeight);
    }

    public ShortcutDefences withNuisance(boolean v) {
        return new ShortcutDefences(textMarkers, v, sourceBalanced, adversarialWeight, rankingWeight);
    }

    public ShortcutDefences withSourceBalanced(boolean v) {
        return new ShortcutDefences(textMarkers, nuisance, v, adversarialWeight, rankingWeight);
    }

    public ShortcutDefences withAdversarialWeight(double v) {
        return new ShortcutDefences(textMarkers, nuisance, sourceBalanced, v, rankingWeight);
    }

    public ShortcutDefences withRankingWeight(double v) {
        return new ShortcutDefences(textMarkers, nuisance, sourceBalanced, adversarialWeight, v);
    }

    /** Adds the options that are on to a run's settings; off options are left out, so older runs resume unchanged. */
    void addTo(Map<String, String> settings) {
        if (textMarkers) {
            settings.put("textMarkers", "true");
        }
        if (nuisance) {
            settings.put("nuisance", "true");
        }
        if (sourceBalanced) {
            settings.put("sourceBalanced", "true");
        }
        if (adversarialWeight > 0) {
            settings.put("adversarialWeight", String.valueOf(adversarialWeight));
        }
        if (rankingWeight > 0) {
            settings.put("rankingWeight", String.valueOf(rankingWeight));
        }
    }

    /** The options that are on, in words for a model card; empty when none is. */
    public List<String> describe() {
        List<String> on = new ArrayList<>();
        if (nuisance) {
            on.add("acquisition nuisance (JPEG, resampling, sharpening, gamma/contrast) on half the images of every "
                    + "class");
        }
        if (textMarkers) {
            on.add("burnt-in text on half the images of every class");
        }
        if (sourceBalanced) {
            on.add("source-balanced loss weights within each class");
        }
        if (adversarialWeight > 0) {
            on.add(String.format(Locale.ROOT, "class-conditioned source-adversarial head with gradient reversal "
                    + "(weight %s)", adversarialWeight));
        }
        if (rankingWeight > 0) {
            on.add(String.format(Locale.ROOT, "within-source COVID-19 ranking loss (weight %s)", rankingWeight));
        }
        return on;
    }
}
