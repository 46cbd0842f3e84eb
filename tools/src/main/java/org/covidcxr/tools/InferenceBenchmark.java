package org.covidcxr.tools;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.dicom.XrayImageReader;
import org.covidcxr.dicom.phantom.ChestPhantom;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.PreparedImage;
import org.covidcxr.inference.Preprocessor;
import org.covidcxr.inference.TensorFlowRuntime;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.data.PreparedDataset;
import org.covidcxr.inference.network.Architecture;
import org.covidcxr.inference.serving.CamRegistration;
import org.covidcxr.inference.serving.CovidClassifier;
import org.covidcxr.inference.serving.GraphFlops;
import org.covidcxr.inference.serving.SessionBaseline;
import org.covidcxr.inference.training.SavedModelExporter;
import org.covidcxr.inference.training.Trainer;
import org.covidcxr.inference.training.TrainingConfig;
import org.covidcxr.inference.training.TrainingListener;
import org.covidcxr.modelstore.BundledModels;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Acceptance 5: serving and training speed, measured in one run on one SavedModel and one set of images.
 *
 * <ul>
 *   <li>warm single-image latency (p50/p95) of the DJL path ({@link CovidClassifier#diagnose}: preprocessing,
 *       probabilities and Grad-CAM registered to the image), of the same work done around a plain TensorFlow Java
 *       session ({@link SessionBaseline}) and of the bare session call on an already prepared tensor; the three are
 *       interleaved call by call so that load from other processes hits them alike;</li>
 *   <li>batch throughput at 8 and 32 images per call, DJL and bare session;</li>
 *   <li>training throughput: the product's {@link Trainer} for a few steps on the shared data;</li>
 *   <li>FLOPs per image, counted from the loaded graph ({@link GraphFlops}).</li>
 * </ul>
 */
@Command(name = InferenceBenchmark.NAME, mixinStandardHelpOptions = true,
        description = "Serving and training speed: DJL path vs plain TensorFlow Java, batch and training throughput, "
                + "FLOPs.")
public final class InferenceBenchmark implements Callable<Integer> {
    static final String NAME = "benchmark-inference";

    @Option(names = "--model", paramLabel = "BUNDLE_DIR", description = "The model (default: the newest bundle in "
            + "model-store/models/, else the default architecture with random weights: same compute, meaningless "
            + "answers).")
    private Path modelFolder;

    @Option(names = "--data", defaultValue = "../shared/data/cxr", paramLabel = "DIR",
            description = "Labelled data: test images to serve, train images to train on (default: ${DEFAULT-VALUE}; "
                    + "without it synthetic phantoms, and no training figure).")
    private Path data;

    @Option(names = "--iterations", defaultValue = "200",
            description = "Timed single-image calls per path (default: ${DEFAULT-VALUE}).")
    private int iterations;

    @Option(names = "--warmup", defaultValue = "10", description = "Untimed calls first (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--train-steps", defaultValue = "6",
            description = "Training steps to time (default: ${DEFAULT-VALUE}).")
    private int trainSteps;

    @Option(names = "--threads", paramLabel = "N", description = "Training threads (default: all cores).")
    private Integer threads;

    @Override
    public Integer call() throws IOException {
        TensorFlowRuntime.Info runtime = TensorFlowRuntime.bootstrap();
        Path work = Files.createTempDirectory("covidcxr-benchmark");
        ModelChoice model = chooseModel(work);
        List<XrayImage> images = images(data, 32);
        System.out.printf(Locale.ROOT, "model: %s (%s, %d px input)%nimages: %d, %s%nTensorFlow %s on %s (CPU kernels: "
                        + "%s), %d cores, load average %.1f at start%n", model.description, model.card.architecture(),
                model.card.input().height(), images.size(), describe(images), runtime.version(),
                runtime.gpu() ? "GPU" : "CPU", runtime.cpuKernels().description,
                Runtime.getRuntime().availableProcessors(), loadAverage());

        try (CovidClassifier classifier = CovidClassifier.open(model.savedModel, model.card);
             SessionBaseline session = new SessionBaseline(model.savedModel)) {
            Preprocessor preprocessor = new Preprocessor(session.inputSize());
            List<PreparedImage> prepared = images.stream().map(preprocessor::prepare).toList();

            List<IntConsumer> paths = List.of(
                    k -> classifier.diagnose(images.get(k)),
                    k -> plainSessionPath(session, preprocessor, images.get(k)),
                    k -> session.run(prepared.get(k).pixels(), 1));
            long[][] times = new long[paths.size()][iterations];
            for (int i = -warmup; i < iterations; i++) {
                int k = Math.floorMod(i, images.size());
                // Rotate the order every call, so that no path always runs first (or after the same neighbour).
                for (int j = 0; j < paths.size(); j++) {
                    int path = Math.floorMod(i + j, paths.size());
                    long start = System.nanoTime();
                    paths.get(path).accept(k);
                    if (i >= 0) {
                        times[path][i] = System.nanoTime() - start;
                    }
                }
            }
            System.out.println();
            System.out.println("single image, warm (" + iterations + " calls each, interleaved; ms)   p50      p95");
            row("DJL path: preprocess + probabilities + Grad-CAM maps", times[0]);
            row("TF Java session, same pre/post-processing", times[1]);
            row("TF Java session call only (prepared tensor)", times[2]);
            System.out.printf(Locale.ROOT, "ratio DJL path / TF Java same work:   p50 %.3f  p95 %.3f  (aim <= 1.10)%n",
                    ratio(times[0], times[1], 50), ratio(times[0], times[1], 95));
            System.out.printf(Locale.ROOT, "ratio DJL path / TF Java call only:   p50 %.3f  p95 %.3f%n",
                    ratio(times[0], times[2], 50), ratio(times[0], times[2], 95));

            System.out.println();
            for (int batch : new int[] {8, 32}) {
                List<XrayImage> batchImages = cycle(images, batch);
                float[] tensor = new float[batch * prepared.get(0).pixels().length];
                for (int i = 0; i < batch; i++) {
                    float[] p = prepared.get(i % prepared.size()).pixels();
                    System.arraycopy(p, 0, tensor, i * p.length, p.length);
                }
                int rounds = Math.max(5, 192 / batch);
                classifier.diagnoseAll(batchImages);
                session.run(tensor, batch);
                long djl = 0;
                long bare = 0;
                for (int r = 0; r < rounds; r++) {
                    djl += time(() -> classifier.diagnoseAll(batchImages));
                    bare += time(() -> session.run(tensor, batch));
                }
                System.out.printf(Locale.ROOT, "batch %2d: DJL path %.1f images/s, TF Java call only %.1f images/s%n",
                        batch, rounds * batch / (djl / 1e9), rounds * batch / (bare / 1e9));
            }

            GraphFlops.Count forward = session.forwardFlops();
            GraphFlops.Count served = session.servedFlops();
            System.out.printf(Locale.ROOT, "%nFLOPs per image: forward %.3f GFLOPs (%d conv/dense ops), served graph "
                            + "with Grad-CAM %.3f GFLOPs%s%n", forward.flopsPerImage() / 1e9, forward.counted(),
                    served.flopsPerImage() / 1e9, served.uncounted() > 0 ? " (" + served.uncounted()
                            + " ops of unknown shape not counted)" : "");
        }
        trainingThroughput(data, work, model.card, trainSteps, threads != null ? threads
                : Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "load average %.1f at end (other processes share the cores)%n", loadAverage());
        return 0;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** What the DJL path does, around a plain session: preprocess, run, register the three maps. */
    private static void plainSessionPath(SessionBaseline session, Preprocessor preprocessor, XrayImage image) {
        PreparedImage prepared = preprocessor.prepare(image);
        SessionBaseline.Outputs out = session.run(prepared.pixels(), 1);
        int h = (int) out.camShape()[2];
        int w = (int) out.camShape()[3];
        for (int c = 0; c < ModelSignature.CLASSES.size(); c++) {
            CamRegistration.register(out.cam(), c * h * w, h, w, prepared.letterbox());
        }
    }

    private static void trainingThroughput(Path data, Path work, ModelCard card, int steps, int threads) {
        if (!Files.isRegularFile(data.resolve("manifest.csv"))) {
            System.out.println("training throughput: skipped, no labelled data at " + data + " (use --data)");
            return;
        }
        int batch = 16;
        Architecture architecture = Architecture.fromCardName(card.architecture());
        TrainingConfig config = TrainingConfig.builder(data, work.resolve("train"))
                .architecture(architecture.name()).width(architecture.width())
                .inputSize(card.input().height()).epochs(1).batchSize(batch).threads(threads)
                .limitPerClass(Math.max(2, (steps * batch + 2) / 3)).build();
        PreparedDataset[] splits = Trainer.prepare(config, Datasets.load(data));
        List<Long> stepEnds = new ArrayList<>();
        TrainingListener timer = new TrainingListener() {
            @Override
            public void onStep(Step step) {
                stepEnds.add(System.nanoTime());
            }
        };
        new Trainer(config, architecture, timer).run(splits[0], splits[1], false);
        // The first step builds kernels and caches; time from its end to the last step's end.
        int timed = stepEnds.size() - 1;
        if (timed < 1) {
            System.out.println("training throughput: too few steps to time (" + stepEnds.size() + ")");
            return;
        }
        double seconds = (stepEnds.get(stepEnds.size() - 1) - stepEnds.get(0)) / 1e9;
        System.out.printf(Locale.ROOT, "training throughput (%s width %d, %d px, batch %d, %d timed steps, "
                        + "augmentation + forward + backward + Adam, %d threads): %.1f images/s%n",
                config.architecture(), config.width(), config.inputSize(), batch, timed, threads,
                timed * batch / seconds);
    }

    private record ModelChoice(Path savedModel, ModelCard card, String description) {
    }

    private ModelChoice chooseModel(Path work) throws IOException {
        Optional<Path> folder = Optional.ofNullable(modelFolder).or(() -> shippedBundle());
        if (folder.isPresent()) {
            ModelBundle bundle = ModelBundles.open(folder.get());
            return new ModelChoice(bundle.savedModelDirectory(), bundle.card(), "bundle " + bundle.version() + " at "
                    + bundle.directory());
        }
        int input = TrainingConfig.DEFAULT_INPUT_SIZE;
        Architecture architecture = Architecture.byName("resnet", 16);
        SavedModelExporter.Exported exported = SavedModelExporter.export(architecture, input, 1f,
                new SavedModelExporter.Weights.Random(1), work.resolve("saved_model"));
        ModelCard card = new ModelCard("benchmark-random", architecture.cardName(), ModelSignature.CLASSES,
                new ModelCard.InputSpec(input, input, 1, ModelCard.InputSpec.DEFAULT_TENSOR_NAME,
                        ModelCard.InputSpec.DEFAULT_DTYPE), null, 0.5, 1, null, Map.of(),
                ModelCard.DEFAULT_INTENDED_USE, List.of(), null, Instant.now(), "InferenceBenchmark", "");
        return new ModelChoice(exported.directory(), card, "no shipped model yet: default architecture with random "
                + "weights");
    }

    /** The newest bundle of the shipped models folder (in the store's version order), run from the project root. */
    static Optional<Path> shippedBundle() {
        Path models = Path.of("model-store", "models");
        List<String> versions = BundledModels.fromDirectory(models).versions();
        return versions.isEmpty() ? Optional.empty() : Optional.of(models.resolve(versions.get(versions.size() - 1)));
    }

    /** Test-split images of the shared data (real geometry and content), else synthetic chest phantoms. */
    private static List<XrayImage> images(Path data, int count) {
        List<XrayImage> images = new ArrayList<>();
        if (Files.isRegularFile(data.resolve("manifest.csv"))) {
            for (LabelledImage image : Datasets.split(Datasets.load(data), Datasets.TEST)) {
                if (images.size() == count) {
                    break;
                }
                try {
                    images.add(XrayImageReader.readForAnalysis(image.file()));
                } catch (ImageReadException e) {
                    System.out.println("skipped: " + e.getMessage());
                }
            }
        }
        if (images.isEmpty()) {
            for (int i = 0; i < count; i++) {
                images.add(ChestPhantom.render(400 + 8 * i, 480 - 4 * i));
            }
        }
        return images;
    }

    private static String describe(List<XrayImage> images) {
        int[] widths = images.stream().mapToInt(XrayImage::width).sorted().toArray();
        int[] heights = images.stream().mapToInt(XrayImage::height).sorted().toArray();
        return "sizes " + widths[0] + "-" + widths[widths.length - 1] + " x " + heights[0] + "-"
                + heights[heights.length - 1] + " px";
    }

    private static List<XrayImage> cycle(List<XrayImage> images, int n) {
        List<XrayImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(images.get(i % images.size()));
        }
        return out;
    }

    private static long time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return System.nanoTime() - start;
    }

    private static void row(String label, long[] nanos) {
        System.out.printf(Locale.ROOT, "  %-55s %7.2f  %7.2f%n", label, percentile(nanos, 50) / 1e6,
                percentile(nanos, 95) / 1e6);
    }

    private static double ratio(long[] a, long[] b, int p) {
        return percentile(a, p) / percentile(b, p);
    }

    /** Nearest-rank percentile. */
    private static double percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
