package org.covidcxr.batch;

import java.io.Serializable;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.covidcxr.inference.screening.ImageScreening;
import org.covidcxr.inference.serving.Diagnosis;

/**
 * One row per image in the archive's results: where it is and what its bytes are, which model judged it, and what
 * became of it. No patient name or ID: at most a keyed pseudonym of the patient ID.
 */
final class ScreeningRows {

    /** The image went through the gate and the model. */
    static final String ANALYSED = "analysed";
    /** The gate found the image is not for this model (not a frontal chest film, …); see {@code reason}. */
    static final String NOT_SUITABLE = "not-suitable";
    /** The file could not be read as an image; see {@code reason}. */
    static final String UNREADABLE = "unreadable";
    /** The model failed on it (e.g. out of memory): tried again by the next run. */
    static final String FAILED = "failed";

    static final StructType SCHEMA = new StructType()
            .add("file", DataTypes.StringType, false)
            .add("sha256", DataTypes.StringType, true)
            .add("bytes", DataTypes.LongType, false)
            .add("status", DataTypes.StringType, false)
            .add("reason", DataTypes.StringType, true)
            .add("modelVersion", DataTypes.StringType, false)
            .add("modelChecksum", DataTypes.StringType, false)
            .add("probabilities", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType), true)
            // What the evaluation's calibration needs, as evaluate has it.
            .add("logits", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType), true)
            .add("covidProbability", DataTypes.DoubleType, true)
            .add("verdict", DataTypes.StringType, true)
            .add("threshold", DataTypes.DoubleType, false)
            .add("confidentThreshold", DataTypes.DoubleType, true)
            .add("lungAttention", DataTypes.DoubleType, true)
            .add("cautions", DataTypes.StringType, true)
            .add("pseudonym", DataTypes.StringType, true)
            .add("millis", DataTypes.LongType, false)
            .add("analysedAt", DataTypes.TimestampType, false)
            .add("run", DataTypes.StringType, false);

    /**
     * What is known of every row of one run.
     *
     * @param modelVersion  the model's version
     * @param modelChecksum SHA-256 of the bundle's checksum manifest, as the audit log records it
     * @param threshold     the model's operating threshold
     * @param run           the run's identifier
     */
    record Run(String modelVersion, String modelChecksum, double threshold, String run) implements Serializable {
    }

    /**
     * What one file came to.
     *
     * @param file      as listed
     * @param sha256    of its bytes; empty when they could not be read
     * @param bytes     its length as listed
     * @param pseudonym a keyed pseudonym of its patient ID, where asked for and known
     * @param millis    reading, decoding and screening it
     */
    record File(String file, Optional<String> sha256, long bytes, Optional<String> pseudonym, long millis) {
    }

    private ScreeningRows() {
    }

    static Row screened(Run run, File file, ImageScreening.Outcome outcome) {
        String cautions = String.join(" ", outcome.suitability().reasons());
        if (outcome.diagnosis().isEmpty()) {
            return row(run, file, NOT_SUITABLE, cautions, null, null, null, null, null, null, null);
        }
        Diagnosis d = outcome.diagnosis().get();
        return row(run, file, ANALYSED, null, byClass(d, d.probabilities()), byClass(d, d.logits()),
                (double) d.covidProbability(), d.verdict().text(), (double) d.confidentThreshold(),
                d.lungAttention().isPresent() ? d.lungAttention().getAsDouble() : null,
                cautions.isEmpty() ? null : cautions);
    }

    static Row problem(Run run, File file, String status, String reason) {
        return row(run, file, status, reason, null, null, null, null, null, null, null);
    }

    private static Row row(Run run, File file, String status, String reason, ByClass probabilities, ByClass logits,
                           Double covid, String verdict, Double confident, Double lungAttention, String cautions) {
        return RowFactory.create(file.file(), file.sha256().orElse(null), file.bytes(), status, reason,
                run.modelVersion(), run.modelChecksum(), value(probabilities), value(logits), covid, verdict,
                run.threshold(), confident, lungAttention, cautions, file.pseudonym().orElse(null), file.millis(),
                new Timestamp(System.currentTimeMillis()), run.run());
    }

    /** One value per class, in the model's class order. */
    private record ByClass(Map<String, Double> values) {
    }

    private static ByClass byClass(Diagnosis d, float[] values) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int c = 0; c < d.classes().size(); c++) {
            map.put(d.classes().get(c), (double) values[c]);
        }
        return new ByClass(map);
    }

    /** A map column's value as Spark's external rows hold it: a Scala map. */
    private static Object value(ByClass byClass) {
        return byClass == null ? null : scala.collection.JavaConverters.mapAsScalaMap(byClass.values());
    }

}
