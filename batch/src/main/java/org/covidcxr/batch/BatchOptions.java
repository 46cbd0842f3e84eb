package org.covidcxr.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What an archive screening is asked to do: the options of {@code covidcxr batch} and of the job's own main. */
public final class BatchOptions {

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Files or folders to screen (folders are walked; "
            + "local paths or Hadoop URIs such as hdfs://… and s3a://…).")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--list", paramLabel = "FILE", description = "A file listing one path per line (repeatable).")
    List<String> lists = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The results' Parquet folder; a "
            + "later run appends to it and skips images this model already screened.")
    String out;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: local[*], every core of "
            + "this machine; under spark-submit its own).")
    String master;

    @Option(names = "--partitions", paramLabel = "N", description = "Tasks to split the files into (default: four "
            + "per core).")
    int partitions;

    @Option(names = "--anyway", description = "Also analyse images the model was not made for (not a frontal chest "
            + "film, blank, tiny …); the reasons go with the result as cautions.")
    boolean anyway;

    @Option(names = "--pseudonym-key", paramLabel = "FILE", description = "A secret file (16 bytes or more): each "
            + "row gets a pseudonym of its patient ID, an HMAC-SHA256 under this secret. Without it no patient "
            + "information is written at all.")
    Path pseudonymKey;

    @Option(names = "--labels", paramLabel = "MANIFEST", description = "Labelled images (a folder with manifest.csv, "
            + "or a CSV: file,label[,patient_id][,source][,split], as evaluate reads it): also write evaluate's "
            + "report, computed from the results.")
    Path labels;

    @Option(names = "--split", paramLabel = "NAME", description = "With --labels: only this split (train, val, test).")
    String split;

    @Option(names = "--report", paramLabel = "DIR", description = "With --labels: where the report goes (default: "
            + "./evaluation-<version>).")
    Path report;

    /** The results' folder. */
    public String output() {
        return out;
    }

    /** Whether the job runs with no master of its own (then on this machine). */
    boolean masterGiven() {
        return master != null;
    }

    /** Whether the job runs on this machine: no master given, or a {@code local} one. */
    public boolean onThisMachine() {
        return master == null || master.startsWith("local");
    }
}
