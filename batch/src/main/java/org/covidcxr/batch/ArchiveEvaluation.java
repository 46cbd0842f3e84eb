package org.covidcxr.batch;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
 * matched with their rows by path, and the latest analysed row per image of the chosen model is taken, from any run.
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
     * @param data  a folder with {@code manifest.csv}, or a CSV file (paths relative to it)
     * @param split only the images of this split; empty for all
     * @throws IllegalArgumentException when the manifest has no images, or none was analysed
     */
    public static Result evaluate(SparkSession spark, String output, ModelBundle bundle, Path data,
                                  Optional<String> split) throws IOException {
        List<LabelledImage> images = split.map(s -> Datasets.split(Datasets.load(data), s))
                .orElseGet(() -> Datasets.load(data));
        if (images.isEmpty()) {
            throw new IllegalArgumentException("No labelled images in " + data + split.map(s -> " (split " + s + ")")
                    .orElse("") + ".");
        }
        Map<String, Row> latest = latestRows(spark, output, bundle.checksum());
        FileSystem local = FileSystem.getLocal(new Configuration());
        List<String> classes = bundle.card().classes();
        List<LabelledPrediction> predictions = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (LabelledImage image : images) {
            String file = local.makeQualified(new org.apache.hadoop.fs.Path(image.file().toAbsolutePath().toUri()))
                    .toString();
            Row row = latest.get(file);
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
            throw new IllegalArgumentException("None of the " + images.size() + " labelled images of " + data
                    + " was analysed by model " + bundle.version() + " in " + output + "; screen them first.");
        }
        EvaluationSettings settings = EvaluationSettings.of(classes, ModelSignature.CLASSES.get(ModelSignature.COVID),
                (float) bundle.card().operatingThreshold());
        String title = "model " + bundle.version() + " on " + data.getFileName() + split.map(s -> " ('" + s
                + "' split)").orElse("") + ", from the archive results " + output;
        return new Result(Evaluator.evaluate(title, predictions, settings), missing);
    }

    /** Per file, the newest row of the model with this checksum that is not a failure. */
    private static Map<String, Row> latestRows(SparkSession spark, String output, String checksum) {
        Map<String, Row> latest = new HashMap<>();
        spark.read().parquet(output).filter(col("modelChecksum").equalTo(checksum)
                        .and(col("status").notEqual(ScreeningRows.FAILED)))
                .select("file", "status", "reason", "probabilities", "logits", "analysedAt")
                .toLocalIterator().forEachRemaining(r -> latest.merge(r.getString(0), r, (a, b) ->
                        a.<Timestamp>getAs("analysedAt").after(b.getAs("analysedAt")) ? a : b));
        return latest;
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
