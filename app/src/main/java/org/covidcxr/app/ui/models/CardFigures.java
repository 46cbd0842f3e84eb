package org.covidcxr.app.ui.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.covidcxr.modelstore.ModelCard;

/**
 * The evaluation figures of a model card as tables: each evaluation overall and per source (the site's own test
 * first, with the site's acceptance criteria below it, then test, then validation, each labelled by what it is worth),
 * the selective verdict and the shortcut audit. The card's metrics are a free JSON tree whose shape grew with the
 * product, so every value is looked up defensively: whatever is absent becomes "—" or a plain statement.
 */
final class CardFigures {
    static final String UNDEFINED = "—";
    private static final String SITE_TEST = "siteTest";
    private static final String SELECTIVE_TEST = "selectiveVerdictTest";
    private static final String SHORTCUT_AUDIT = "shortcutAuditTest";
    /** Metric blocks shown elsewhere on the card (the lung segmenter under provenance). */
    private static final String LUNG_SEGMENTER = "lungSegmenter";
    private static final Set<String> SHOWN = Set.of(SITE_TEST, "test", "validation", ModelCard.ACCEPTANCE_METRIC,
            ModelCard.SELECTIVE_METRIC, SELECTIVE_TEST, SHORTCUT_AUDIT, LUNG_SEGMENTER);
    private static final List<String> GROUP_COLUMNS = List.of("Group", "Images", "Patients", "COVID-19 images",
            "COVID-19 AUROC (95 % CI)", "Sensitivity", "Specificity", "ECE");

    /** One evaluation block of the card and how much its figures can be trusted. */
    private record Evaluation(String key, String title, String caption) {
    }

    private static final List<Evaluation> EVALUATIONS = List.of(
            new Evaluation(SITE_TEST, "Site test split — this site's held-out images",
                    "This site's images set aside before training, never used for it: the figures to go by here. "
                            + "The model that was active then was evaluated on the same images."),
            new Evaluation("test", "Test split — held out",
                    "Images never used for training or tuning: the estimate to go by."),
            new Evaluation("validation", "Validation split — used for tuning",
                    "These images chose the training epoch, the temperature and the operating threshold, so these "
                            + "figures are optimistic."));

    /** The tables and the statements that go with them (how to read them, what the card lacks). */
    record Figures(List<CardTable> tables, List<String> notes) {
    }

    private CardFigures() {
    }

    static Figures of(ModelCard card) {
        Map<String, Object> metrics = card.metrics();
        List<CardTable> tables = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Evaluation evaluation : EVALUATIONS) {
            map(metrics.get(evaluation.key())).flatMap(block -> evaluationTable(evaluation, block))
                    .ifPresent(tables::add);
            if (evaluation.key().equals(SITE_TEST)) {
                // The criteria judge the site test figures: right below them.
                map(metrics.get(ModelCard.ACCEPTANCE_METRIC)).ifPresent(a -> tables.add(acceptance(a)));
            }
        }
        if (tables.isEmpty()) {
            notes.add("This model card records no evaluation figures (neither overall nor per source): evaluate the "
                    + "model on labelled images before relying on it.");
        } else {
            notes.add(String.format(Locale.ROOT, "Sensitivity and specificity for COVID-19 at the operating "
                    + "threshold, P(COVID-19) ≥ %.3f. AUROC with its 95 %% confidence interval (bootstrap over "
                    + "patients). ECE: expected calibration error (0 is perfect). %s: undefined in that group, e.g. "
                    + "AUROC or sensitivity where the group holds no COVID-19 image.", card.operatingThreshold(),
                    UNDEFINED));
        }
        selectiveVerdict(card).ifPresentOrElse(tables::add, () -> notes.add("No selective verdict recorded: every "
                + "image from the operating threshold up is called suspected, none indeterminate."));
        map(metrics.get(SHORTCUT_AUDIT)).flatMap(CardFigures::shortcutAudit).ifPresent(tables::add);
        List<String> others = metrics.keySet().stream().filter(k -> !SHOWN.contains(k)).toList();
        if (!others.isEmpty()) {
            notes.add("The card also records " + String.join(", ", others) + " (see model-card.json).");
        }
        return new Figures(tables, notes);
    }

    /** What the card says about its lung segmenter (the pixel gate), or empty. */
    static Optional<String> lungSegmenter(ModelCard card) {
        return map(card.metrics().get(LUNG_SEGMENTER)).map(m -> "Dice " + decimal(m.get("diceValidation"))
                + " on validation, " + decimal(m.get("diceTest")) + " on test");
    }

    private static Optional<CardTable> evaluationTable(Evaluation evaluation, Map<?, ?> block) {
        // A site-trained model's card holds the candidate's and the then-active model's results on the site test.
        Optional<Map<?, ?>> summary = block.containsKey("candidate") ? map(block.get("candidate")) : Optional.of(block);
        List<List<String>> rows = new ArrayList<>();
        boolean perSource = summary.map(s -> groups(s, "", rows)).orElse(false);
        map(block.get("active")).ifPresent(active -> map(active.get("metrics")).ifPresent(m -> groups(m,
                "Model " + text(active.get("version")) + " (active then), ", rows)));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String caption = evaluation.caption() + (perSource ? "" : " No per-source figures recorded.");
        return Optional.of(new CardTable(evaluation.title(), caption, GROUP_COLUMNS, rows));
    }

    /** Adds the overall row and a row per source; whether there were per-source figures. */
    private static boolean groups(Map<?, ?> summary, String prefix, List<List<String>> rows) {
        map(summary.get("overall")).ifPresent(g -> rows.add(row(prefix + "all images", g)));
        Optional<Map<?, ?>> sources = map(summary.get("bySource")).filter(s -> !s.isEmpty());
        sources.ifPresent(s -> s.forEach((name, g) -> map(g).ifPresent(m -> rows.add(row(prefix + "source " + name,
                m)))));
        return sources.isPresent();
    }

    private static List<String> row(String label, Map<?, ?> g) {
        Optional<Map<?, ?>> covid = map(g.get("covid"));
        Optional<Map<?, ?>> op = map(g.get("covidOperatingPoint"));
        String auroc = covid.map(c -> decimal(c.get("auroc")) + ci(c.get("aurocCi95"))).orElse(UNDEFINED);
        return List.of(capitalised(label), count(g.get("images")), count(g.get("patients")),
                covid.map(c -> count(c.get("support"))).orElse(UNDEFINED), auroc,
                op.map(o -> decimal(o.get("sensitivity"))).orElse(UNDEFINED),
                op.map(o -> decimal(o.get("specificity"))).orElse(UNDEFINED), decimal(g.get("ece")));
    }

    private static Optional<CardTable> selectiveVerdict(ModelCard card) {
        Map<String, Object> validation = card.selectiveVerdict();
        if (validation.isEmpty()) {
            return Optional.empty();
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(selectiveRow("Validation (chose the call threshold)", validation));
        map(card.metrics().get(SELECTIVE_TEST)).ifPresent(test -> rows.add(selectiveRow("Test", test)));
        String rule = validation.get("rule") instanceof String r && !r.isBlank() ? r + " " : "";
        return Optional.of(new CardTable("Selective verdict — when the model calls COVID-19", rule + "Coverage: "
                + "the share of flagged images of COVID-19's own source that got a call; accuracy: the share of those "
                + "calls that were right.", List.of("Evaluated on", "Call threshold", "Own-source images", "Flagged",
                "Calls", "Coverage", "Accuracy of calls"), rows));
    }

    private static List<String> selectiveRow(String label, Map<?, ?> m) {
        String threshold = m.get("confidentThreshold") instanceof Number n && n.doubleValue() > 1
                ? "none (no call reliable)" : decimal(m.get("confidentThreshold"));
        return List.of(label, threshold, count(m.get("ownSourceValidationImages")), count(m.get("flagged")),
                count(m.get("calls")), percent(m.get("coverage")), percent(m.get("callAccuracy")));
    }

    private static CardTable acceptance(Map<?, ?> acceptance) {
        List<List<String>> rows = new ArrayList<>();
        if (acceptance.get("criteria") instanceof List<?> criteria) {
            for (Object c : criteria) {
                map(c).ifPresent(m -> rows.add(List.of(text(m.get("name")), text(m.get("requirement")),
                        decimal(m.get("active")), decimal(m.get("candidate")),
                        Boolean.TRUE.equals(m.get("passed")) ? "PASS" : "FAIL", text(m.get("reason")))));
            }
        }
        String verdict = Boolean.TRUE.equals(acceptance.get("passed")) ? "passed"
                : "NOT passed (published by override)";
        return new CardTable("Acceptance criteria on the site test split — " + verdict, rows.isEmpty()
                ? "The card does not list the criteria." : "Fixed before training; this model beside the model "
                + "that was active then.", List.of("Criterion", "Requirement", "Active then", "This model", "Result", "Why"),
                rows);
    }

    private static Optional<CardTable> shortcutAudit(Map<?, ?> audit) {
        List<List<String>> rows = new ArrayList<>();
        map(audit.get("covidAuroc")).ifPresent(m -> m.forEach((shown, auroc) -> rows.add(List.of(
                capitalised(String.valueOf(shown)), decimal(auroc)))));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> probe = new LinkedHashMap<>();
        map(audit.get("sourceProbeAuroc")).ifPresent(m -> m.forEach((c, v) -> probe.put(String.valueOf(c),
                decimal(v))));
        String probeText = probe.isEmpty() ? "" : " Source probe AUROC (0.5: the network's features do not tell the "
                + "sources apart; 1: they always do): " + String.join(", ", probe.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).toList()) + ".";
        String nuisance = audit.get("nuisanceMaxFlipRate") instanceof Number ? " Acquisition changes (JPEG, "
                + "resolution, gamma, contrast, a text marker) pushed up to " + percent(audit.get(
                "nuisanceMaxFlipRate")) + " of the non-COVID images over the operating threshold." : "";
        return Optional.of(new CardTable("Shortcut audit (test split) — disease or source?", "A model that reads "
                + "disease keeps its AUROC within a source, and falls to about 0.5 with only the border kept or the "
                + "lungs hidden." + probeText + nuisance, List.of("Images, and what the model was shown",
                "COVID-19 AUROC"), rows));
    }

    private static String ci(Object interval) {
        if (interval instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number lo
                && l.get(1) instanceof Number hi) {
            return String.format(Locale.ROOT, " (%.3f–%.3f)", lo.doubleValue(), hi.doubleValue());
        }
        return "";
    }

    static String decimal(Object value) {
        return value instanceof Number n && Double.isFinite(n.doubleValue())
                ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : UNDEFINED;
    }

    private static String percent(Object value) {
        return value instanceof Number n && Double.isFinite(n.doubleValue())
                ? String.format(Locale.ROOT, "%.1f %%", 100 * n.doubleValue()) : UNDEFINED;
    }

    private static String count(Object value) {
        return value instanceof Number n ? Long.toString(n.longValue()) : UNDEFINED;
    }

    private static String text(Object value) {
        return value == null || String.valueOf(value).isBlank() ? UNDEFINED : String.valueOf(value);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static Optional<Map<?, ?>> map(Object o) {
        return o instanceof Map<?, ?> m ? Optional.of(m) : Optional.empty();
    }
}
