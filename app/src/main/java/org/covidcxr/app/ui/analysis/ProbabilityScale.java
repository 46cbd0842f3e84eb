package org.covidcxr.app.ui.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.covidcxr.inference.serving.Verdict;

/**
 * The gauge's scale: where a COVID-19 probability sits along the arc (0 at its start, 1 at its end). It is piecewise
 * linear so that the decision reads from the geometry whatever the model's thresholds: the operating threshold always
 * sits at the middle of the arc, "not suspected" fills the first half, and above it the indeterminate band (operating
 * to confident threshold) and "suspected" share the second half equally, the whole of it when the model has only one
 * of them. A zone the model cannot reach (below an operating threshold of 0, above a confident threshold over 1) takes
 * no room. The zones split probabilities exactly as {@link Verdict#of} does.
 *
 * @param operatingThreshold the model's operating threshold
 * @param confidentThreshold from here up the model calls COVID-19; equal to the operating threshold for a model
 *                           without an indeterminate band, above 1 for a model that never calls it
 */
public record ProbabilityScale(double operatingThreshold, double confidentThreshold) {

    /**
     * Probabilities in [{@code from}, {@code to}) (the last zone up to 1 inclusive) have one verdict and take
     * [{@code start}, {@code end}] of the arc.
     */
    public record Zone(Verdict verdict, double from, double to, double start, double end) {
    }

    /**
     * A labelled place on the arc.
     *
     * @param threshold a threshold inside the arc (marked across the ring), not one of its ends
     */
    public record Tick(double position, String label, boolean threshold) {
    }

    public ProbabilityScale {
        if (!Double.isFinite(operatingThreshold) || !Double.isFinite(confidentThreshold)) {
            throw new IllegalArgumentException("thresholds must be numbers, got " + operatingThreshold + " and "
                    + confidentThreshold);
        }
    }

    /** The zones in order along the arc; together they cover probabilities 0 to 1 and the whole arc. */
    public List<Zone> zones() {
        double flagged = clamp(operatingThreshold);
        double suspected = clamp(Math.max(confidentThreshold, operatingThreshold));
        List<Range> below = reachable(List.of(new Range(Verdict.NOT_SUSPECTED, 0, flagged)));
        List<Range> above = reachable(List.of(new Range(Verdict.INDETERMINATE, flagged, suspected),
                new Range(Verdict.SUSPECTED, suspected, 1)));
        double middle = below.isEmpty() ? 0 : above.isEmpty() ? 1 : 0.5;
        List<Zone> zones = new ArrayList<>(spread(below, 0, middle));
        zones.addAll(spread(above, middle, 1));
        return zones;
    }

    /** Where {@code probability} (clamped to [0, 1]) sits on the arc, from 0 to 1. */
    public double position(double probability) {
        double p = clamp(probability);
        List<Zone> zones = zones();
        Zone zone = zones.stream().filter(z -> p < z.to()).findFirst().orElse(zones.get(zones.size() - 1));
        return zone.start() + (zone.end() - zone.start()) * (p - zone.from()) / (zone.to() - zone.from());
    }

    /** The ends of the arc (0 % and 100 %) and the thresholds between them, as the probabilities they stand for. */
    public List<Tick> ticks() {
        List<Tick> ticks = new ArrayList<>();
        for (Zone z : zones()) {
            ticks.add(z.start() == 0 ? new Tick(0, "0 %", false) : new Tick(z.start(), percent(z.from()), true));
        }
        ticks.add(new Tick(1, "100 %", false));
        return ticks;
    }

    /** What the thresholds mean, in one line under the verdict. */
    public String legend() {
        String operating = percent(clamp(operatingThreshold)) + " (operating threshold)";
        double suspected = Math.max(confidentThreshold, operatingThreshold);
        if (suspected == operatingThreshold) {
            return "suspected from " + operating;
        }
        return "indeterminate from " + operating + (suspected > 1 ? "; this model makes no COVID-19 call"
                : ", suspected from " + percent(suspected));
    }

    /** A probability as every panel of the workstation shows it: a percentage with one decimal. */
    public static String percent(double probability) {
        return number(probability) + " %";
    }

    /** The number of {@link #percent}, without its sign (the gauge sets the sign smaller). */
    public static String number(double probability) {
        return String.format(Locale.ROOT, "%.1f", 100 * probability);
    }

    /** Probabilities [from, to) with one verdict. */
    private record Range(Verdict verdict, double from, double to) {
    }

    private static List<Range> reachable(List<Range> ranges) {
        return ranges.stream().filter(r -> r.from() < r.to()).toList();
    }

    /** The ranges side by side on [start, end] of the arc, each an equal share. */
    private static List<Zone> spread(List<Range> ranges, double start, double end) {
        List<Zone> zones = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            Range r = ranges.get(i);
            zones.add(new Zone(r.verdict(), r.from(), r.to(), start + (end - start) * i / ranges.size(),
                    start + (end - start) * (i + 1) / ranges.size()));
        }
        return zones;
    }

    private static double clamp(double p) {
        return Math.max(0, Math.min(1, p));
    }
}
