package org.covidcxr.inference.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@link ShortcutAudit} found, as JSON (for cards and tests) and Markdown (for people).
 *
 * @param images     images audited
 * @param auroc      COVID-19-vs-rest AUROC by group (all sources, within each source) and image variant
 * @param nuisance   per re-processing of the non-COVID images: how P(COVID-19) moved
 * @param sourceProbe per class with two sources: how well the penultimate features tell them apart
 *                    ({@link SourceProbe}); empty where the model's graph or the data do not allow it
 */
public record ShortcutAuditReport(String model, double threshold, int images, List<AurocRow> auroc,
                                  List<NuisanceRow> nuisance, List<SourceProbe.Row> sourceProbe) {
    public static final String JSON_FILE = "shortcut-audit.json";
    public static final String MARKDOWN_FILE = "shortcut-audit.md";

    /** NaN where undefined (e.g. a bootstrap interval over too few patients). */
    public record AurocRow(String group, String variant, int covid, int rest, double auroc, double ciLower,
                           double ciUpper) {
    }

    /**
     * @param flips non-COVID images below the threshold before and at or above it after
     */
    public record NuisanceRow(String transform, int images, double medianChange, double medianAbsoluteChange,
                              int flips, double flipRate) {
    }

    public ShortcutAuditReport withSourceProbe(List<SourceProbe.Row> rows) {
        return new ShortcutAuditReport(model, threshold, images, auroc, nuisance, List.copyOf(rows));
    }

    public Optional<AurocRow> row(String group, String variantPrefix) {
        return auroc.stream().filter(r -> r.group().equals(group) && r.variant().startsWith(variantPrefix))
                .findFirst();
    }

    /**
     * The digest a model card keeps: COVID-19 AUROC by group and variant, the worst nuisance (largest flip rate and
     * largest median absolute change) and the source probe.
     */
    public Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> aurocs = new LinkedHashMap<>();
        for (AurocRow r : auroc) {
            aurocs.put(r.group() + ", " + r.variant(), round(r.auroc()));
        }
        out.put("covidAuroc", aurocs);
        out.put("nuisanceMaxFlipRate", round(nuisance.stream().mapToDouble(NuisanceRow::flipRate).max().orElse(0)));
        out.put("nuisanceMaxMedianAbsoluteChange", round(nuisance.stream()
                .mapToDouble(NuisanceRow::medianAbsoluteChange).max().orElse(0)));
        Map<String, Object> probe = new LinkedHashMap<>();
        sourceProbe.forEach(r -> probe.put(r.className(), round(r.auroc())));
        out.put("sourceProbeAuroc", probe);
        return out;
    }

    private static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 1000) / 1000.0;
    }

    public void writeTo(Path folder) throws IOException {
        Files.createDirectories(folder);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(folder.resolve(JSON_FILE).toFile(),
                this);
        Files.writeString(folder.resolve(MARKDOWN_FILE), markdown(), StandardCharsets.UTF_8);
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("# Shortcut audit: model ").append(model).append("\n\n");
        md.append("Does the model read disease or where the image comes from? ").append(images).append(" images. ")
                .append("A model that reads disease keeps its AUROC *within* a source, and falls to about 0.5 with ")
                .append("only the border kept or with the lungs hidden.\n\n");
        md.append("| group | image | COVID-19 | rest | COVID-19 AUROC | 95% CI (patients) |\n");
        md.append("|---|---|---:|---:|---:|---|\n");
        for (AurocRow r : auroc) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.3f | %s |%n", r.group(), r.variant(),
                    r.covid(), r.rest(), r.auroc(), Double.isNaN(r.ciLower()) ? "—"
                            : String.format(Locale.ROOT, "%.3f–%.3f", r.ciLower(), r.ciUpper())));
        }
        md.append(String.format(Locale.ROOT, "%nAcquisition nuisance on the non-COVID images: change of P(COVID-19),"
                + " and images pushed over the operating threshold %.3f.%n%n", threshold));
        md.append("| re-processing | images | median change | median absolute change | now suspected |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        for (NuisanceRow r : nuisance) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %+.3f | %.3f | %d (%.1f %%) |%n", r.transform(),
                    r.images(), r.medianChange(), r.medianAbsoluteChange(), r.flips(), 100 * r.flipRate()));
        }
        md.append("\nSource probe: a linear classifier on the penultimate features, asked which source an image of ")
                .append("one class comes from (AUROC of its held-out answers, 5 folds by patient; 0.5: the features do ")
                .append("not tell the sources apart).\n\n");
        if (sourceProbe.isEmpty()) {
            md.append("Not available: no class has enough images of two sources here, or the model's graph does not ")
                    .append("expose a single penultimate layer (e.g. an ensemble).\n");
        } else {
            md.append("| class | images | source AUROC |\n|---|---|---:|\n");
            for (SourceProbe.Row r : sourceProbe) {
                md.append(String.format(Locale.ROOT, "| %s | %d %s, %d %s | %.3f |%n", r.className(), r.others(),
                        r.otherSource(), r.positives(), r.positiveSource(), r.auroc()));
            }
        }
        return md.toString();
    }
}
