package org.covidcxr.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.covidcxr.modelstore.ModelBundle;

/**
 * Screens an archive on Spark with the product's own intake, gate and model: lists the files on the driver, ships the
 * verified model bundle to every executor (each opens it once per JVM), screens the files in parallel and appends one
 * Parquet row per image to the results. A re-run skips images the same model already screened (by SHA-256), so it is
 * incremental; each run's rows carry its identifier, and Spark's commit protocol keeps only one attempt of a retried
 * task, so no image gets two rows from one run.
 */
public final class ArchiveScreening {

    /**
     * What to screen and how.
     *
     * @param inputs       files or folders (local paths or Hadoop URIs: {@code hdfs://…}, {@code s3a://…})
     * @param lists        files listing one path per line
     * @param output       the results' Parquet folder; a later run appends to it
     * @param bundle       the verified model bundle
     * @param anyway       also analyse images the gate finds are not for this model
     * @param partitions   tasks to split the files into; 0 chooses four per core
     * @param pseudonymKey the site's secret for patient-ID pseudonyms; empty for none
     */
    public record Settings(List<String> inputs, List<String> lists, String output, ModelBundle bundle,
                           boolean anyway, int partitions, Optional<byte[]> pseudonymKey) {
        public Settings {
            inputs = List.copyOf(inputs);
            lists = List.copyOf(lists);
        }
    }

    private static final StructType LISTING = new StructType()
            .add("file", DataTypes.StringType, false)
            .add("bytes", DataTypes.LongType, false);

    private ArchiveScreening() {
    }

    /**
     * Runs the job and summarises this run's rows.
     *
     * @param progress told every few seconds how far the job is
     * @throws IOException when an input cannot be listed or the results cannot be read
     */
    public static ScreeningSummary run(SparkSession spark, Settings settings, Consumer<String> progress)
            throws IOException {
        long start = System.nanoTime();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        List<ArchiveFiles.Entry> files = ArchiveFiles.list(settings.inputs(), settings.lists(), settings.output(),
                hadoop);
        ModelBundle bundle = settings.bundle();
        String checksum = bundle.checksum();
        Set<String> done = alreadyScreened(spark, settings.output(), checksum, settings.anyway());
        String run = Instant.now() + "-" + UUID.randomUUID().toString().substring(0, 8);

        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        context.addFile(bundle.directory().toUri().toString(), true);
        LongAccumulator screened = spark.sparkContext().longAccumulator("images screened");
        LongAccumulator skipped = spark.sparkContext().longAccumulator("images screened by an earlier run");
        PartitionScreener screener = new PartitionScreener(bundle.directory().getFileName().toString(),
                new ScreeningRows.Run(bundle.version(), checksum, bundle.card().operatingThreshold(), run),
                context.broadcast(done), new HadoopConf(hadoop), settings.anyway(),
                settings.pseudonymKey().map(Pseudonyms::new), screened, skipped);
        int partitions = settings.partitions() > 0 ? settings.partitions()
                : Math.max(1, Math.min(files.size(), 4 * context.defaultParallelism()));
        Dataset<Row> listed = spark.createDataFrame(context.parallelize(files.stream()
                .map(f -> RowFactory.create(f.path(), f.bytes())).toList(), partitions), LISTING);

        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "screening progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> progress.accept(String.format("screened %d of %d images (%d screened "
                + "before)", screened.value(), files.size(), skipped.value())), 5, 5, TimeUnit.SECONDS);
        try {
            listed.mapPartitions(screener, Encoders.row(ScreeningRows.SCHEMA))
                    .write().mode(SaveMode.Append).parquet(settings.output());
        } finally {
            ticker.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Dataset<Row> rows = results(spark, settings.output()).filter(col("run").equalTo(run)).cache();
        try {
            Map<String, Long> byStatus = counts(rows, "status");
            long written = byStatus.values().stream().mapToLong(Long::longValue).sum();
            // Every listed file has a row of this run unless it was skipped (an accumulator may count a retried
            // task twice; the committed rows cannot).
            return new ScreeningSummary(files.size(), files.size() - written, byStatus, counts(rows, "verdict"),
                    counts(rows.filter(col("status").notEqual(ScreeningRows.ANALYSED)), "reason"), seconds, run);
        } finally {
            rows.unpersist();
        }
    }

    /**
     * The rows in {@code output}, with their schema given rather than inferred, so that a folder without any yet
     * (new, or holding only what an interrupted run left in {@code _temporary}) reads as empty.
     */
    public static Dataset<Row> results(SparkSession spark, String output) {
        return spark.read().schema(ScreeningRows.SCHEMA).parquet(output);
    }

    /**
     * SHA-256 of every image the model with this checksum screened in earlier runs: all but failures, and with
     * {@code anyway} also but those the gate kept from the model, which are now to be analysed.
     */
    private static Set<String> alreadyScreened(SparkSession spark, String output, String checksum, boolean anyway)
            throws IOException {
        Path results = new Path(output);
        if (!results.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(results)) {
            return Set.of();
        }
        Column again = col("status").equalTo(ScreeningRows.FAILED);
        if (anyway) {
            again = again.or(col("status").equalTo(ScreeningRows.NOT_SUITABLE));
        }
        Set<String> done = new HashSet<>();
        results(spark, output).filter(col("modelChecksum").equalTo(checksum).and(col("sha256").isNotNull())
                        .and(not(again)))
                .select("sha256").distinct().toLocalIterator().forEachRemaining(r -> done.add(r.getString(0)));
        return done;
    }

    private static Map<String, Long> counts(Dataset<Row> rows, String column) {
        Map<String, Long> counts = new LinkedHashMap<>();
        rows.filter(col(column).isNotNull()).groupBy(column).count().orderBy(col("count").desc()).collectAsList()
                .forEach(r -> counts.put(r.getString(0), r.getLong(1)));
        return counts;
    }
}
