package org.covidcxr.modelstore;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A model card as plain text for people deciding whether to use a model: what it is for, what it was trained on,
 * how it performed (overall and per source, with confidence intervals) and its limitations. The JSON file stays the
 * record; this is its readable view for the command line ({@code models show}); the workstation shows the card as a page.
 */
public final class ModelCardText {

    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** Metric blocks in the order people look for them: the site's own test first. */
    private static final List<String> EVALUATIONS = List.of("siteTest", "test", "validation");
    private static final Map<String, String> EVALUATION_NAMES = Map.of("siteTest", "Site test split", "test",
            "Test split", "validation", "Validation split");

    private ModelCardText() {
    }

    public static String render(ModelCard card) {
        List<String> out = new ArrayList<>();
        out.add("Model " + card.version() + " — " + orDash(card.architecture()) + ", input " + input(card));
        out.add("Intended use: " + (blank(card.intendedUse()) ? ModelCard.DEFAULT_INTENDED_USE : card.intendedUse()));
        out.add("Created " + created(card) + (card.createdAt() == null ? "" : " UTC") + " by "
                + orDash(card.createdBy()) + card.parent().map(p -> "; derived from " + p).orElse(""));
        out.add(String.format(Locale.ROOT, "Classes %s; COVID-19 operating threshold %.3f; temperature %.3f",
                String.join(", ", card.classes()), card.operatingThreshold(), card.temperature()));
        Map<String, Object> selective = card.selectiveVerdict();
        if (!selective.isEmpty()) {
            out.add(String.format(Locale.ROOT, "Selective verdict: COVID-19 is called from %s; between the "
                    + "operating threshold and that, the verdict is indeterminate (COVID-19 versus other pneumonia).",
                    card.confidentThreshold() > 1 ? "nowhere (no call was reliable on validation)"
                            : String.format(Locale.ROOT, "%.3f", card.confidentThreshold())));
            number(selective.get("coverage")).ifPresent(coverage -> out.add(String.format(Locale.ROOT,
                    "  On validation images of COVID-19's own source: %.0f %% of flagged images got a call%s.",
                    100 * coverage.doubleValue(), number(selective.get("callAccuracy")).map(a -> String.format(
                            Locale.ROOT, ", and %.0f %% of those calls were right", 100 * a.doubleValue())).orElse(""))));
        }
        if (card.preprocessing() != null && !blank(card.preprocessing().description())) {
            out.add("Preprocessing: " + card.preprocessing().description());
        }
        if (card.trainingData() != null) {
            out.add("");
            out.add("Training data: " + orDash(card.trainingData().description()));
            card.trainingData().countsBySplit().forEach((split, counts) -> out.add("  " + split + ": " + counts(counts)));
            card.trainingData().countsBySource().forEach((source, counts) -> out.add("  source " + source + ": "
                    + counts(counts)));
        }
        List<String> metrics = metrics(card.metrics());
        if (!metrics.isEmpty()) {
            out.add("");
            out.add("Performance (COVID-19 AUROC with 95% CI by patient bootstrap; sensitivity and specificity at the "
                    + "operating threshold):");
            out.addAll(metrics);
        }
        if (!card.limitations().isEmpty()) {
            out.add("");
            out.add("Limitations:");
            card.limitations().forEach(l -> out.add("  - " + l));
        }
        if (!blank(card.notes())) {
            out.add("");
            out.add("Notes: " + card.notes());
        }
        return String.join("\n", out) + "\n";
    }

    /** When the model was created, to the minute, in UTC ("—" when the card does not say). */
    public static String created(ModelCard card) {
        return card.createdAt() == null ? "—" : CREATED.format(card.createdAt());
    }

    private static List<String> metrics(Map<String, Object> metrics) {
        List<String> out = new ArrayList<>();
        for (String key : EVALUATIONS) {
            Optional<Map<?, ?>> block = map(metrics.get(key));
            // A site-trained model's card holds the candidate's and the then-active model's results on the site test.
            Optional<Map<?, ?>> summary = block.flatMap(b -> b.containsKey("candidate") ? map(b.get("candidate"))
                    : Optional.of(b));
            summary.flatMap(s -> map(s.get("overall"))).ifPresent(overall -> {
                out.add("  " + EVALUATION_NAMES.get(key) + ": " + group(overall));
                summary.flatMap(s -> map(s.get("bySource"))).ifPresent(sources -> sources.forEach((name, g) ->
                        map(g).ifPresent(m -> out.add("    inside source " + name + ": " + group(m)))));
            });
            block.flatMap(b -> map(b.get("active"))).ifPresent(active -> map(active.get("metrics"))
                    .flatMap(m -> map(m.get("overall"))).ifPresent(overall -> out.add("    model "
                            + active.get("version") + " (active then) on the same images: " + group(overall))));
        }
        map(metrics.get("acceptance")).ifPresent(a -> out.add("  Acceptance criteria "
                + (Boolean.TRUE.equals(a.get("passed")) ? "passed" : "NOT passed (published by override)")));
        return out;
    }

    private static String group(Map<?, ?> g) {
        List<String> parts = new ArrayList<>();
        number(g.get("images")).ifPresent(n -> parts.add(n.intValue() + " images"));
        number(g.get("patients")).ifPresent(n -> parts.add(n.intValue() + " patients"));
        map(g.get("covid")).ifPresent(covid -> number(covid.get("auroc")).ifPresent(auroc -> {
            String ci = covid.get("aurocCi95") instanceof List<?> l && l.size() == 2 && number(l.get(0)).isPresent()
                    && number(l.get(1)).isPresent()
                    ? String.format(Locale.ROOT, " (%.3f–%.3f)", number(l.get(0)).get().doubleValue(),
                    number(l.get(1)).get().doubleValue()) : "";
            parts.add(String.format(Locale.ROOT, "COVID-19 AUROC %.3f%s", auroc.doubleValue(), ci));
        }));
        number(g.get("macroF1")).ifPresent(v -> parts.add(String.format(Locale.ROOT, "macro F1 %.3f", v.doubleValue())));
        number(g.get("accuracy")).ifPresent(v -> parts.add(String.format(Locale.ROOT, "accuracy %.3f",
                v.doubleValue())));
        number(g.get("ece")).ifPresent(v -> parts.add(String.format(Locale.ROOT, "ECE %.3f", v.doubleValue())));
        map(g.get("covidOperatingPoint")).ifPresent(op -> {
            number(op.get("sensitivity")).ifPresent(v -> parts.add(String.format(Locale.ROOT, "sensitivity %.3f",
                    v.doubleValue())));
            number(op.get("specificity")).ifPresent(v -> parts.add(String.format(Locale.ROOT, "specificity %.3f",
                    v.doubleValue())));
        });
        return String.join(", ", parts);
    }

    private static String input(ModelCard card) {
        ModelCard.InputSpec in = card.input();
        return in == null ? "—" : in.height() + " × " + in.width() + " × " + in.channels();
    }

    private static String counts(Map<String, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((label, n) -> parts.add(label + " " + n));
        return String.join(", ", parts);
    }

    private static Optional<Map<?, ?>> map(Object o) {
        return o instanceof Map<?, ?> m ? Optional.of(m) : Optional.empty();
    }

    private static Optional<Number> number(Object o) {
        return o instanceof Number n ? Optional.of(n) : Optional.empty();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String orDash(String s) {
        return blank(s) ? "—" : s;
    }
}
