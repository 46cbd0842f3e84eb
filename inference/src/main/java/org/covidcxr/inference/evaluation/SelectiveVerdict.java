package org.covidcxr.inference.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.covidcxr.inference.ModelSignature;

/**
 * Where a model may call COVID-19 and where it must say "indeterminate". Telling COVID-19 from other pneumonia on one
 * film is hard, and in pooled data the source does it for the model; so the call is judged only against COVID-19's
 * own source: on validation images of the sources that hold both COVID-19 and other images, the confident threshold
 * is the lowest (at or above the operating threshold) that at most {@value #MAX_FALSE_CALL_RATE} of their non-COVID
 * images reach. Between the two thresholds the verdict is indeterminate. Coverage (share of flagged images that get a
 * call) and the accuracy of the calls made are measured on the same images, for the card.
 */
public final class SelectiveVerdict {
    static final double MAX_FALSE_CALL_RATE = 0.10;
    /** With fewer own-source non-COVID images the false-call rate cannot be judged; every flag is indeterminate. */
    static final int MIN_NEGATIVES = 5;

    /**
     * @param confidentThreshold from here up, a COVID-19 call (above 1 when no call can be justified)
     * @param coverage           share of the flagged own-source validation images (at or above the operating
     *                           threshold) that get a call; NaN when none is flagged
     * @param callAccuracy       share of those calls that are COVID-19; NaN when no call is made
     */
    public record Choice(double confidentThreshold, String rule, int images, int negatives, int flagged, int calls,
                         double coverage, double callAccuracy) {

        /** The card's {@code selectiveVerdict} entry. */
        public Map<String, Object> toCardMetric() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("confidentThreshold", confidentThreshold); // unrounded: rounding could let a negative reach it
            m.put("rule", rule);
            m.put("ownSourceValidationImages", images);
            m.put("ownSourceNonCovid", negatives);
            m.put("flagged", flagged);
            m.put("calls", calls);
            m.put("coverage", round(coverage));
            m.put("callAccuracy", round(callAccuracy));
            return m;
        }
    }

    private SelectiveVerdict() {
    }

    public static Choice choose(List<LabelledPrediction> validation, double operatingThreshold) {
        Set<String> ownSources = ownSources(validation);
        List<LabelledPrediction> own = validation.stream().filter(p -> ownSources.contains(p.source())).toList();
        double[] negatives = own.stream().filter(p -> p.trueClass() != ModelSignature.COVID)
                .mapToDouble(p -> p.probability(ModelSignature.COVID)).sorted().toArray();
        double confident;
        String rule;
        if (negatives.length < MIN_NEGATIVES) {
            confident = Math.nextUp(1f);
            rule = String.format(Locale.ROOT, "No COVID-19 call: validation held %d non-COVID image(s) of COVID-19's "
                    + "own source, fewer than the %d needed to judge whether a call is reliable; every flagged image "
                    + "is indeterminate.", negatives.length, MIN_NEGATIVES);
        } else {
            int allowed = (int) Math.floor(MAX_FALSE_CALL_RATE * negatives.length);
            double highestNotAllowed = negatives[negatives.length - 1 - allowed];
            confident = Math.max(operatingThreshold, Math.nextUp((float) highestNotAllowed));
            rule = String.format(Locale.ROOT, "COVID-19 called from P(COVID-19) %.3f: at most %.0f %% of the %d "
                    + "non-COVID validation images of COVID-19's own source (%s) reach it; between the operating "
                    + "threshold %.3f and it the verdict is indeterminate.", confident, 100 * MAX_FALSE_CALL_RATE,
                    negatives.length, String.join(", ", ownSources.stream().sorted().toList()), operatingThreshold);
        }
        return measure(own, operatingThreshold, confident, rule, negatives.length);
    }

    /** The same figures for a chosen rule on other images (e.g. the test split), over their own-source images. */
    public static Choice measure(List<LabelledPrediction> predictions, double operatingThreshold,
                                 double confidentThreshold) {
        Set<String> ownSources = ownSources(predictions);
        List<LabelledPrediction> own = predictions.stream().filter(p -> ownSources.contains(p.source())).toList();
        return measure(own, operatingThreshold, confidentThreshold, "as chosen on validation",
                (int) own.stream().filter(p -> p.trueClass() != ModelSignature.COVID).count());
    }

    private static Choice measure(List<LabelledPrediction> own, double operatingThreshold, double confident,
                                  String rule, int negatives) {
        int flagged = 0;
        int calls = 0;
        int correct = 0;
        for (LabelledPrediction p : own) {
            double covid = p.probability(ModelSignature.COVID);
            flagged += covid >= operatingThreshold ? 1 : 0;
            if (covid >= confident) {
                calls++;
                correct += p.trueClass() == ModelSignature.COVID ? 1 : 0;
            }
        }
        return new Choice(confident, rule, own.size(), negatives, flagged, calls,
                flagged == 0 ? Double.NaN : (double) calls / flagged, calls == 0 ? Double.NaN : (double) correct / calls);
    }

    /** Sources that hold both COVID-19 and other images: where a COVID-19 call cannot lean on the source. */
    private static Set<String> ownSources(List<LabelledPrediction> predictions) {
        return predictions.stream().collect(Collectors.groupingBy(LabelledPrediction::source,
                        Collectors.mapping(p -> p.trueClass() == ModelSignature.COVID, Collectors.toSet())))
                .entrySet().stream().filter(e -> e.getValue().size() == 2).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    private static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10000) / 10000.0;
    }
}
