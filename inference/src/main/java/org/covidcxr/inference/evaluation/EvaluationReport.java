package org.covidcxr.inference.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The result of an evaluation: settings, metrics over all images and per source. Serialises to JSON, and writes a
 * Markdown report with PNG plots.
 *
 * @param title    what was evaluated (model and data), shown in the report
 * @param bySource metrics inside each source, sorted by source name
 */
public record EvaluationReport(String title, EvaluationSettings settings, GroupMetrics overall,
                               Map<String, GroupMetrics> bySource) {

    public static final String JSON_FILE = "evaluation.json";
    public static final String MARKDOWN_FILE = "evaluation.md";

    public EvaluationReport {
        bySource = Collections.unmodifiableMap(new LinkedHashMap<>(bySource));
    }

    public String toJson() {
        return EvaluationJson.write(this);
    }

    /**
     * The report as a JSON-shaped map (same field names and rounding as {@link #toJson()}) without ROC curves and
     * reliability bins: every number and confidence interval, overall and per source, small enough for a model card.
     */
    public Map<String, Object> modelCardMetrics() {
        return EvaluationJson.asMapWithout(this, Set.of("roc", "bins"));
    }

    /**
     * Writes {@value #JSON_FILE}, {@value #MARKDOWN_FILE} and the PNG plots it links (overall and per source) into
     * {@code folder}, creating it if needed; existing files of the same names are replaced.
     *
     * @return the files written
     */
    public List<Path> writeTo(Path folder) throws IOException {
        Files.createDirectories(folder);
        List<Path> written = new ArrayList<>();
        written.add(Files.writeString(folder.resolve(JSON_FILE), toJson(), StandardCharsets.UTF_8));
        written.addAll(ReportPlots.writeAll(this, folder));
        written.add(Files.writeString(folder.resolve(MARKDOWN_FILE), MarkdownReport.render(this),
                StandardCharsets.UTF_8));
        return written;
    }
}
