package org.covidcxr.app.ui.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelCard;
import org.covidcxr.modelstore.ModelCardText;

/**
 * Turns a model card and its bundle folder into the sections of the card view: intended use and limitations, the
 * figures as tables, the plots, and provenance (lineage, training data, preprocessing, checksums). Reads and decodes
 * files: call it off the JavaFX thread. Whatever a bundle lacks (plots, per-source figures, a checksum manifest)
 * becomes a plain statement in its section.
 */
public final class ModelCardSections {

    private ModelCardSections() {
    }

    public static ModelCardContent read(ModelCard card, Path bundle) {
        CardFigures.Figures figures = CardFigures.of(card);
        EvaluationPlots.Plots plots = EvaluationPlots.read(bundle);
        List<CardTable> provenance = new ArrayList<>();
        List<String> provenanceNotes = new ArrayList<>();
        provenance.add(facts(card, bundle));
        ModelCard.TrainingData data = card.trainingData();
        if (data == null) {
            provenanceNotes.add("The card does not describe the model's training data.");
        } else {
            counts("Images by split", "Split", data.countsBySplit()).ifPresent(provenance::add);
            counts("Images by source", "Source", data.countsBySource()).ifPresent(provenance::add);
        }
        checksums(bundle, provenanceNotes).ifPresent(provenance::add);
        if (!blank(card.notes())) {
            provenanceNotes.add("Notes: " + card.notes());
        }
        List<String> warnings = card.failedAcceptance() ? List.of("This model failed its acceptance criteria on the "
                + "site's test images and was published with an override. Read the criteria below before using it.")
                : List.of();
        return new ModelCardContent(card.version(), "Model " + card.version() + " — " + orDash(card.architecture())
                + ", input " + input(card), capitalised(blank(card.intendedUse()) ? ModelCard.DEFAULT_INTENDED_USE
                : card.intendedUse()), card.limitations(), warnings, figures.tables(), figures.notes(), plots.groups(),
                plots.notes(), provenance, provenanceNotes);
    }

    private static CardTable facts(ModelCard card, Path bundle) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Version", card.version()));
        rows.add(List.of("Derived from", card.parent().orElse("— (not derived from another version)")));
        rows.add(List.of("Created", ModelCardText.created(card) + (card.createdAt() == null ? "" : " UTC") + " by "
                + orDash(card.createdBy())));
        rows.add(List.of("Architecture", orDash(card.architecture()) + ", input " + input(card)));
        rows.add(List.of("Classes", card.classes().isEmpty() ? "—" : String.join(", ", card.classes())));
        rows.add(List.of("Operating threshold", String.format(Locale.ROOT, "%.3f (P(COVID-19) from which an image is "
                + "flagged)", card.operatingThreshold())));
        if (!card.selectiveVerdict().isEmpty()) {
            rows.add(List.of("Call threshold", card.confidentThreshold() > 1 ? "none: no call was reliable, every "
                    + "flagged image is indeterminate" : String.format(Locale.ROOT, "%.3f (P(COVID-19) from which "
                    + "the model calls COVID-19)", card.confidentThreshold())));
        }
        rows.add(List.of("Temperature", String.format(Locale.ROOT, "%.3f (calibration, fitted on validation)",
                card.temperature())));
        if (card.preprocessing() != null && !blank(card.preprocessing().description())) {
            rows.add(List.of("Preprocessing", card.preprocessing().description()));
        }
        if (card.trainingData() != null) {
            rows.add(List.of("Training data", orDash(card.trainingData().description())));
        }
        CardFigures.lungSegmenter(card).ifPresent(s -> rows.add(List.of("Lung segmenter (pixel gate)", s)));
        rows.add(List.of("Card file", bundle.resolve(ModelBundle.CARD_FILE).toString()));
        return new CardTable("Version, lineage and training", "", List.of(), rows);
    }

    /** A table of image counts by split or source and class, or empty when the card records none. */
    private static Optional<CardTable> counts(String title, String first,
                                                        Map<String, Map<String, Integer>> counts) {
        if (counts.isEmpty()) {
            return Optional.empty();
        }
        Set<String> classes = new LinkedHashSet<>();
        counts.values().forEach(c -> classes.addAll(c.keySet()));
        List<String> columns = new ArrayList<>(List.of(first));
        columns.addAll(classes);
        columns.add("Total");
        List<List<String>> rows = new ArrayList<>();
        counts.forEach((name, byClass) -> {
            List<String> row = new ArrayList<>(List.of(name));
            classes.forEach(c -> row.add(byClass.containsKey(c) ? byClass.get(c).toString() : "—"));
            row.add(Integer.toString(byClass.values().stream().mapToInt(Integer::intValue).sum()));
            rows.add(row);
        });
        return Optional.of(new CardTable(title, "", columns, rows));
    }

    /** The bundle's checksum manifest as a table; the store verifies it whenever it loads the model. */
    private static Optional<CardTable> checksums(Path bundle, List<String> notes) {
        List<String> lines;
        try {
            lines = Files.readAllLines(bundle.resolve(ModelBundle.MANIFEST_FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            notes.add("This bundle has no checksum manifest (" + ModelBundle.MANIFEST_FILE + ").");
            return Optional.empty();
        } catch (IOException e) {
            notes.add("The checksum manifest could not be read (" + e.getMessage() + ").");
            return Optional.empty();
        }
        List<List<String>> rows = lines.stream().map(String::strip).filter(l -> !l.isEmpty())
                .map(l -> l.split("\\s+\\*?", 2)).filter(p -> p.length == 2).map(p -> List.of(p[1], p[0])).toList();
        return Optional.of(new CardTable("Checksums (SHA-256)", "Every file of the bundle; the store "
                + "checks them whenever it loads the model and refuses a bundle whose files changed.",
                List.of("File", "SHA-256"), rows));
    }

    private static String input(ModelCard card) {
        ModelCard.InputSpec in = card.input();
        return in == null ? "—" : in.height() + " × " + in.width() + " × " + in.channels();
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String orDash(String s) {
        return blank(s) ? "—" : s;
    }
}
