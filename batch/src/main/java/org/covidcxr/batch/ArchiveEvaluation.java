package org.covidcxr.batch;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.covidcxr.dicom.StagedIntake;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.evaluation.EvaluationReport;
import org.covidcxr.inference.evaluation.EvaluationSettings;
import org.covidcxr.inference.evaluation.Evaluator;
import org.covidcxr.inference.evaluation.LabelledPrediction;
import org.covidcxr.modelstore.ModelBundle;

/**
 * The evaluation report of {@code evaluate}, computed from an archive's results instead of a run of its own: the
 * labelled images of a manifest ({@code file,label[,patient_id][,source][,split]}, as {@code evaluate} reads it) are
 * matched with their rows by the SHA-256 of their bytes, and the latest row of the chosen model is taken, from any
 * run.
 */
public final class ArchiveEvaluation {

    /**
     * The report, and the labelled images it could not include.
     *
     * @param report   over the images analysed by the model
     * @param missing  "file: status — reason" for each labelled image not analysed (never screened, not suitable,
     *                 unreadable)
     */
    public record Result(EvaluationReport report, List<String> missing) {
        public Result {
            missing = List.copyOf(missing);
        }
    }

    private ArchiveEvaluation() {
    }

    /**
     * The labelled images of a manifest.
     *
     * @param data  a folder with {@code manifest.csv}, or a CSV file (paths relative to it)
     * @param split only the images of this split; empty for all
     * @throws IllegalArgumentException when it holds none
     */
    public static List<LabelledImage> labelled(Path data, Optional<String> split) {
        List<LabelledImage> images = split.map(s -> Datasets.split(Datasets.load(data), s))
                .orElseGet(() -> Datasets.load(data));
        if (images.isEmpty()) {
            throw new IllegalArgumentException("No labelled images in " + data + split.map(s -> " (split " + s + ")")
                    .orElse("") + ".");
        }
        return images;
    }

    /**
     * The report over the labelled images the model analysed, each found by the SHA-256 of its bytes (so a copy
     * screened under another path counts, as the screening itself skips it by its bytes).
     *
     * @throws IllegalArgumentException when none of them was analysed
     * @throws UncheckedIOException     when a labelled file cannot be read
     */
    public static Result evaluate(SparkSession spark, String output, ModelBundle bundle, List<LabelledImage> images,
                                  String dataName) {
        Map<String, Row> latest = latestRows(spark, output, bundle.checksum());
        List<String> classes = bundle.card().classes();
        List<LabelledPrediction> predictions = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (LabelledImage image : images) {
            Row row = latest.get(sha256(image.file()));
            if (row == null) {
                missing.add(image.file() + ": not screened by model " + bundle.version());
            } else if (!ScreeningRows.ANALYSED.equals(row.getAs("status"))) {
                missing.add(image.file() + ": " + row.getAs("status") + " — " + row.getAs("reason"));
            } else {
                predictions.add(new LabelledPrediction(image.file().getFileName().toString(), image.patientId(),
                        image.source(), image.label(), values(row, "probabilities", classes),
                        Optional.of(values(row, "logits", classes))));
            }
        }
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("none of the " + images.size() + " labelled images was analysed by "
                    + "model " + bundle.version() + " in " + output + "; screen them first.");
        }
        EvaluationSettings settings = EvaluationSettings.of(classes, ModelSignature.CLASSES.get(ModelSignature.COVID),
                (float) bundle.card().operatingThreshold());
        return new Result(Evaluator.evaluate("model " + bundle.version() + " on " + dataName
                + ", from the archive results " + output, predictions, settings), missing);
    }

    /** Per SHA-256, the newest row of the model with this checksum that is not a failure. */
    private static Map<String, Row> latestRows(SparkSession spark, String output, String checksum) {
        Map<String, Row> latest = new HashMap<>();
        ArchiveScreening.results(spark, output).filter(col("modelChecksum").equalTo(checksum)
                        .and(col("status").notEqual(ScreeningRows.FAILED)).and(col("sha256").isNotNull()))
                .select("sha256", "status", "reason", "probabilities", "logits", "analysedAt")
                .toLocalIterator().forEachRemaining(r -> latest.merge(r.getString(0), r, (a, b) ->
                        a.<Timestamp>getAs("analysedAt").after(b.getAs("analysedAt")) ? a : b));
        return latest;
    }

    private static String sha256(Path file) {
        try {
            return StagedIntake.sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("The labelled image " + file + " cannot be read (" + e.getMessage()
                    + ").", e);
        }
    }

    private static float[] values(Row row, String column, List<String> classes) {
        Map<String, Double> byClass = row.getJavaMap(row.fieldIndex(column));
        float[] values = new float[classes.size()];
        for (int c = 0; c < values.length; c++) {
            values[c] = byClass.get(classes.get(c)).floatValue();
        }
        return values;
    }
}
