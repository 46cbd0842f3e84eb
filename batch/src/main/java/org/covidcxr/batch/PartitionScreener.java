package org.covidcxr.batch;

import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.dicom.StagedIntake;
import org.covidcxr.inference.screening.ImageScreening;

/**
 * Screens the files of one partition on an executor: reads each through Hadoop's file system, skips it when its
 * SHA-256 was already screened by the same model, otherwise decodes it, runs the gate and the model, and yields its
 * row. One bad file yields its own row and never costs another file its result.
 */
final class PartitionScreener implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    /**
     * Ends the first attempt of partition 0 after this many files, as if its executor died there: crash tests prove
     * that the retried task still leaves exactly one row per image. Unset in normal runs.
     */
    static final String FAIL_FIRST_ATTEMPT_PROPERTY = "covidcxr.batch.failFirstAttemptAfter";

    private final String bundleName;
    private final ScreeningRows.Run run;
    private final Broadcast<Set<String>> done;
    private final HadoopConf conf;
    private final boolean anyway;
    /** Null when no pseudonyms are wanted (Optional is not serializable). */
    private final Pseudonyms pseudonyms;
    private final LongAccumulator screened;
    private final LongAccumulator skipped;

    PartitionScreener(String bundleName, ScreeningRows.Run run, Broadcast<Set<String>> done, HadoopConf conf,
                      boolean anyway, Optional<Pseudonyms> pseudonyms, LongAccumulator screened,
                      LongAccumulator skipped) {
        this.bundleName = bundleName;
        this.run = run;
        this.done = done;
        this.conf = conf;
        this.anyway = anyway;
        this.pseudonyms = pseudonyms.orElse(null);
        this.screened = screened;
        this.skipped = skipped;
    }

    /** Screens lazily, as the writer asks for rows: a task that dies has written part of its rows, never all. */
    @Override
    public Iterator<Row> call(Iterator<Row> files) {
        ImageScreening screening = ExecutorModel.screening(bundleName, run.modelChecksum());
        int failAfter = failFirstAttemptAfter();
        return new Iterator<>() {
            private int count;
            private Row next;

            @Override
            public boolean hasNext() {
                while (next == null && files.hasNext()) {
                    if (count++ == failAfter) {
                        throw new IllegalStateException("Task ended on purpose (" + FAIL_FIRST_ATTEMPT_PROPERTY
                                + ")");
                    }
                    Row file = files.next();
                    Optional<Row> row = screen(screening, file.getString(0), file.getLong(1));
                    row.ifPresentOrElse(r -> screened.add(1), () -> skipped.add(1));
                    next = row.orElse(null);
                }
                return next != null;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = next;
                next = null;
                return row;
            }
        };
    }

    /** The file's row; empty when the same model already screened the same bytes. */
    private Optional<Row> screen(ImageScreening screening, String file, long size) {
        long start = System.nanoTime();
        Path path = new Path(file);
        java.nio.file.Path name = java.nio.file.Path.of(path.getName());
        byte[] bytes;
        try (FSDataInputStream in = path.getFileSystem(conf.get()).open(path)) {
            bytes = StagedIntake.readBytes(name, in, size);
        } catch (ImageReadException e) {
            return Optional.of(ScreeningRows.problem(run, fileOf(file, Optional.empty(), size, start),
                    ScreeningRows.UNREADABLE, reason(e)));
        } catch (IOException e) {
            return Optional.of(ScreeningRows.problem(run, fileOf(file, Optional.empty(), size, start),
                    ScreeningRows.UNREADABLE, "the file could not be read (" + e.getMessage() + ")."));
        }
        String sha256 = StagedIntake.sha256(bytes);
        if (done.value().contains(sha256)) {
            return Optional.empty();
        }
        try {
            StagedIntake input = StagedIntake.decode(name, bytes);
            Optional<String> pseudonym = Optional.ofNullable(pseudonyms)
                    .flatMap(p -> p.of(input.analysisImage().study().patientId()));
            ImageScreening.Outcome outcome = screening.screen(input.analysisImage(), anyway);
            return Optional.of(ScreeningRows.screened(run, new ScreeningRows.File(file, Optional.of(sha256), size,
                    pseudonym, millisSince(start)), outcome));
        } catch (ImageReadException e) {
            return Optional.of(ScreeningRows.problem(run, fileOf(file, Optional.of(sha256), size, start),
                    ScreeningRows.UNREADABLE, reason(e)));
        } catch (RuntimeException | OutOfMemoryError e) {
            // The model failed on this image alone (e.g. memory): recorded, and tried again by the next run.
            return Optional.of(ScreeningRows.problem(run, fileOf(file, Optional.of(sha256), size, start),
                    ScreeningRows.FAILED, "the analysis failed (" + e + ")."));
        }
    }

    /** The problem in words, without the file's name in front (the row's file column names it). */
    private static String reason(ImageReadException e) {
        String prefix = e.file().getFileName() + ": ";
        return e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
    }

    private static ScreeningRows.File fileOf(String file, Optional<String> sha256, long size, long start) {
        return new ScreeningRows.File(file, sha256, size, Optional.empty(), millisSince(start));
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static int failFirstAttemptAfter() {
        TaskContext task = TaskContext.get();
        String after = System.getProperty(FAIL_FIRST_ATTEMPT_PROPERTY);
        return after != null && task != null && task.partitionId() == 0 && task.attemptNumber() == 0
                ? Integer.parseInt(after) : -1;
    }
}
