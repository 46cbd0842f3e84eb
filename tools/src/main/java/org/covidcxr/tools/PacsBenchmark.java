package org.covidcxr.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.dicom.StagedIntake;
import org.covidcxr.dicom.phantom.PhantomStudy;
import org.covidcxr.files.FileTrees;
import org.covidcxr.inference.TensorFlowRuntime;
import org.covidcxr.inference.serving.CovidClassifier;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.pacs.DicomNode;
import org.covidcxr.pacs.PacsClient;
import org.covidcxr.pacs.PacsException;
import org.covidcxr.pacs.StoreResult;
import org.covidcxr.pacs.StudyQuery;
import org.covidcxr.pacs.StudyRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * Retrieve + analyse time per study from a PACS, against opening the same file from disk: one-image phantom studies
 * are stored on the PACS, then each is moved into the product's receiver, read and analysed (a), and its original
 * file read and analysed (b), in alternating order so that load from other processes hits both alike. Prints the
 * ratio of the medians; asserts nothing.
 */
@Command(name = PacsBenchmark.NAME, mixinStandardHelpOptions = true,
        description = {"Time per study to retrieve (C-MOVE into the receiver) and analyse, against reading the same "
                + "file from disk and analysing it.", "Stores synthetic phantom studies on the PACS and leaves them "
                + "there; the PACS must know this side's AE title, on this host and --port, as a move destination."})
public final class PacsBenchmark implements Callable<Integer> {
    static final String NAME = "benchmark-pacs";

    @Spec
    private CommandSpec spec;

    @Option(names = "--node", defaultValue = "ORTHANC@127.0.0.1:4242", converter = NodeConverter.class,
            paramLabel = "AE@HOST:PORT", description = "The PACS (default: ${DEFAULT-VALUE}).")
    private DicomNode node;

    @Option(names = "--ae", defaultValue = "COVIDCXR", description = "This side's AE title, calling and receiving "
            + "(default: ${DEFAULT-VALUE}).")
    private String aeTitle;

    @Option(names = "--port", defaultValue = "11112", description = "The receiver's port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--studies", defaultValue = "20", description = "Timed studies, one image each (default: "
            + "${DEFAULT-VALUE}); one more is stored for the warm-up.")
    private int studies;

    @Option(names = "--size", defaultValue = "2048", description = "Phantom film size in pixels, square, 16-bit "
            + "uncompressed (default: ${DEFAULT-VALUE}).")
    private int size;

    @Option(names = "--work", paramLabel = "DIR", description = "Folder for the phantom files and the incoming folder "
            + "(default: a temporary folder, deleted at the end).")
    private Path work;

    @Option(names = "--model", paramLabel = "BUNDLE_DIR",
            description = "The model (default: the newest bundle in model-store/models/).")
    private Path modelFolder;

    private record Study(String patientId, String uid, Path file) {
    }

    /** Nanoseconds of one study: (a) = retrieve + retrievedAnalysis, (b) = diskAnalysis. */
    private record Timing(long retrieve, long retrievedAnalysis, long diskAnalysis, boolean sameAnswer) {
        long retrieved() {
            return retrieve + retrievedAnalysis;
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (studies < 1 || size < 64) {
            err().println("--studies must be at least 1 and --size at least 64.");
            return 2;
        }
        PacsClient client;
        try {
            client = new PacsClient(aeTitle);
            client.echo(node);
        } catch (IllegalArgumentException | PacsException e) {
            err().println(e.getMessage());
            return 1;
        }
        Path folder = work != null ? Files.createDirectories(work) : Files.createTempDirectory("covidcxr-pacs-bench");
        try {
            return run(client, folder);
        } catch (PacsException e) {
            err().println(e.getMessage());
            return 1;
        } finally {
            if (work == null) {
                deleteWork(folder);
            }
        }
    }

    /** The closed receiver's association threads may still be clearing their staging folders: retry once. */
    private void deleteWork(Path folder) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                FileTrees.delete(folder);
                return;
            } catch (IOException e) {
                if (attempt == 2) {
                    err().println("Could not delete the work folder " + folder + ": " + e.getMessage());
                    return;
                }
                Thread.sleep(1000);
            }
        }
    }

    private int run(PacsClient client, Path folder) throws IOException, PacsException, InterruptedException {
        Path bundleFolder = modelFolder != null ? modelFolder : InferenceBenchmark.shippedBundle().orElse(null);
        if (bundleFolder == null) {
            err().println("No model bundle in model-store/models/ (run from the project root) or give --model.");
            return 2;
        }
        ModelBundle bundle = ModelBundles.open(bundleFolder);
        TensorFlowRuntime.Info runtime = TensorFlowRuntime.bootstrap();
        List<Timing> timings = new ArrayList<>();
        // The receiver first: a port in use is told before minutes of writing and storing.
        try (StudyRetriever retriever = new StudyRetriever(client, node, aeTitle, port, folder.resolve("incoming"))) {
            long start = System.nanoTime();
            List<Study> stored = upload(client, folder.resolve("studies"));
            System.out.printf(Locale.ROOT, "PACS %s, receiver %s on port %d; %d one-image studies of %d x %d px "
                            + "(%.1f MB each, one for the warm-up) written and stored in %.1f s%nmodel %s (%s, %d px "
                            + "input); TensorFlow %s on %s, %d cores, load average %.1f at start%n", node, aeTitle,
                    port, stored.size(), size, size, Files.size(stored.get(0).file()) / 1e6,
                    (System.nanoTime() - start) / 1e9, bundle.version(), bundle.card().architecture(),
                    bundle.card().input().height(), runtime.version(), runtime.gpu() ? "GPU" : "CPU",
                    Runtime.getRuntime().availableProcessors(), loadAverage());
            try (CovidClassifier classifier = CovidClassifier.open(bundle)) {
                measure(retriever, classifier, stored.get(0), true);
                for (int i = 1; i < stored.size(); i++) {
                    timings.add(measure(retriever, classifier, stored.get(i), i % 2 == 1));
                }
            }
        }
        print(timings);
        return 0;
    }

    /** Stores one more study than timed (the warm-up) in one association; finds each one's UID on the PACS. */
    private List<Study> upload(PacsClient client, Path folder) throws IOException, PacsException {
        // A fresh prefix per run: the default node may be a PACS that keeps earlier runs' studies.
        String run = Long.toString(System.currentTimeMillis() / 1000, 36).toUpperCase(Locale.ROOT);
        List<Path> files = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i <= studies; i++) {
            String id = String.format(Locale.ROOT, "BENCH-%s-%03d", run, i);
            files.addAll(new PhantomStudy(id, "BENCHMARK^PHANTOM", LocalDate.of(2020, 1, 1), "B" + i)
                    .write(folder.resolve(Integer.toString(i)), 1, size));
            ids.add(id);
        }
        StoreResult result = client.store(node, files, (done, failed, total) -> { });
        if (!result.complete()) {
            throw new PacsException("C-STORE with " + node + ": " + result.stored() + " of " + files.size()
                    + " stored; " + String.join("; ", result.failures()));
        }
        List<Study> stored = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            List<StudyRecord> found = client.findStudies(node, StudyQuery.ALL.withPatientId(ids.get(i)));
            if (found.size() != 1) {
                throw new PacsException(node + " lists " + found.size() + " studies for " + ids.get(i) + " after "
                        + "storing one");
            }
            stored.add(new Study(ids.get(i), found.get(0).studyInstanceUid(), files.get(i)));
        }
        return stored;
    }

    private static Timing measure(StudyRetriever retriever, CovidClassifier classifier, Study study,
                                  boolean retrieveFirst) throws PacsException, InterruptedException {
        long[] disk = new long[1];
        Diagnosis[] fromDisk = new Diagnosis[1];
        if (!retrieveFirst) {
            fromDisk[0] = timedAnalysis(classifier, study.file(), disk);
        }
        long start = System.nanoTime();
        Path file = retriever.retrieve(study.uid());
        long retrieve = System.nanoTime() - start;
        long[] analysis = new long[1];
        Diagnosis retrieved = timedAnalysis(classifier, file, analysis);
        if (retrieveFirst) {
            fromDisk[0] = timedAnalysis(classifier, study.file(), disk);
        }
        return new Timing(retrieve, analysis[0], disk[0],
                Arrays.equals(retrieved.probabilities(), fromDisk[0].probabilities()));
    }

    /**
     * What opening a file does before its answer shows: one read (the analysis image's decode, header, SHA-256), then
     * the model call.
     */
    private static Diagnosis timedAnalysis(CovidClassifier classifier, Path file, long[] nanos) {
        long start = System.nanoTime();
        try {
            Diagnosis d = classifier.diagnose(StagedIntake.read(file).analysisImage());
            nanos[0] = System.nanoTime() - start;
            return d;
        } catch (ImageReadException e) {
            throw new IllegalStateException("A phantom file does not read: " + e.getMessage(), e);
        }
    }

    private void print(List<Timing> timings) {
        System.out.printf("%n%6s %12s %14s %12s %16s %7s%n", "study", "retrieve ms", "read+analyse", "(a) total",
                "(b) disk+analyse", "a/b");
        for (int i = 0; i < timings.size(); i++) {
            Timing t = timings.get(i);
            System.out.printf(Locale.ROOT, "%6d %12.1f %14.1f %12.1f %16.1f %7.2f%n", i + 1, t.retrieve() / 1e6,
                    t.retrievedAnalysis() / 1e6, t.retrieved() / 1e6, t.diskAnalysis() / 1e6,
                    (double) t.retrieved() / t.diskAnalysis());
        }
        double a = median(timings, Timing::retrieved);
        double b = median(timings, Timing::diskAnalysis);
        System.out.printf(Locale.ROOT, "%6s %12.1f %14.1f %12.1f %16.1f%n", "median", median(timings,
                Timing::retrieve) / 1e6, median(timings, Timing::retrievedAnalysis) / 1e6, a / 1e6, b / 1e6);
        System.out.printf(Locale.ROOT, "%nmedian (a) C-MOVE + read + analyse:  %8.1f ms%n"
                        + "median (b) disk read + analyse:      %8.1f ms%n"
                        + "ratio median(a) / median(b):         %8.2f%n"
                        + "median retrieve only (C-MOVE until the file is in the incoming folder): %.1f ms%n"
                        + "same probabilities from the retrieved and the original file: %d of %d%n"
                        + "load average %.1f at end (other processes share the cores)%n",
                a / 1e6, b / 1e6, a / b, median(timings, Timing::retrieve) / 1e6,
                timings.stream().filter(Timing::sameAnswer).count(), timings.size(), loadAverage());
    }

    private static double median(List<Timing> timings, ToLongFunction<Timing> field) {
        long[] v = timings.stream().mapToLong(field).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** {@code AE@HOST:PORT}, the way the PACS is named in the docs and the script. */
    static final class NodeConverter implements ITypeConverter<DicomNode> {
        @Override
        public DicomNode convert(String value) {
            try {
                return DicomNode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
