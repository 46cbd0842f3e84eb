package org.covidcxr.inference.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.Preprocessor;
import org.covidcxr.inference.TensorFlowRuntime;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.data.PreparedDataset;
import org.covidcxr.inference.evaluation.BatchPredictor;
import org.covidcxr.inference.evaluation.Evaluator;
import org.covidcxr.inference.network.Architecture;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Trains one network on the {@code train} split of a data set, validating on {@code val} after every epoch:
 * class-weighted cross-entropy (plus the {@link ShortcutDefences} asked for), Adam with a cosine learning-rate
 * schedule, early stopping on the configured {@link EpochSelection}, a checkpoint after every epoch
 * ({@link TrainingState}). A run folder that holds a run is resumed, never
 * overwritten, unless {@code resume} is false (then it is refused).
 */
public final class Trainer {

    /**
     * A finished (or stopped) run.
     *
     * @param bestCheckpoint checkpoint prefix of the best epoch, ready for {@link SavedModelExporter}
     */
    public record Result(TrainingConfig config, Architecture architecture, TrainingState state, Path bestCheckpoint,
                         PreparedDataset train, PreparedDataset validation) {

        /** The best epoch, ready to finish into a bundle. */
        public ModelFinisher.Candidate candidate() {
            return new ModelFinisher.Candidate(config, architecture,
                    new SavedModelExporter.Weights.FromCheckpoint(bestCheckpoint), train, validation,
                    String.format(Locale.ROOT, "Best epoch %d of %d (%s %.4f).", state.bestEpoch(),
                            state.epochsDone(), config.selectOn().description(), state.bestAuroc()));
        }
    }

    private final TrainingConfig config;
    private final Architecture architecture;
    private final TrainingListener listener;

    public Trainer(TrainingConfig config, Architecture architecture, TrainingListener listener) {
        this.config = config;
        this.architecture = architecture;
        this.listener = listener;
    }

    /** Loads and preprocesses the train and val splits as configured (limits applied). */
    public static PreparedDataset[] prepare(TrainingConfig config, List<LabelledImage> all) {
        Preprocessor preprocessor = new Preprocessor(config.inputSize());
        List<LabelledImage> train = Datasets.limit(Datasets.split(all, Datasets.TRAIN), config.limitPerClass());
        List<LabelledImage> val = Datasets.limit(Datasets.split(all, Datasets.VAL), config.limitPerClass());
        if (train.size() < config.batchSize()) {
            throw new IllegalArgumentException("the train split has " + train.size() + " images, fewer than one "
                    + "batch of " + config.batchSize() + "; add images or lower the batch size");
        }
        if (val.isEmpty()) {
            throw new IllegalArgumentException("the data set has no validation images (split 'val'); early "
                    + "stopping and calibration need them");
        }
        // Checked before training, not after it: the COVID-19 threshold is chosen for sensitivity on validation.
        if (val.stream().noneMatch(i -> i.label() == ModelSignature.COVID)) {
            throw new IllegalArgumentException("the validation split has no " + ModelSignature.CLASSES.get(
                    ModelSignature.COVID) + " image, so no operating threshold can be chosen on it; add COVID-19 "
                    + "images of more patients to the validation split");
        }
        return new PreparedDataset[] {PreparedDataset.prepare(train, preprocessor, config.threads()),
                PreparedDataset.prepare(val, preprocessor, config.threads())};
    }

    public Result run(PreparedDataset train, PreparedDataset val, boolean resume) {
        TensorFlowRuntime.bootstrapForTraining();
        Path checkpoints = config.checkpointDirectory();
        TrainingState state = prepareFolder(checkpoints, resume);
        Set<String> trained = new HashSet<>(config.freezeBackbone() ? architecture.unfrozenBlocks()
                : architecture.blocks());
        BatchWeights weights = new BatchWeights(train, config.defences().sourceBalanced());
        try (Graph graph = new Graph();
             Session session = new Session(graph, TensorFlowRuntime.sessionConfig(config.threads()))) {
            TrainingGraph g = new TrainingGraph(graph, architecture, config.inputSize(), config.seed(), trained,
                    (float) config.weightDecay(), config.defences(), weights.sourceCount());
            if (state.epochsDone() > 0) {
                session.restore(checkpoints.resolve(state.lastCheckpoint()).toString());
                listener.onMessage("resumed after epoch " + state.epochsDone() + " (best "
                        + config.selectOn().description() + " " + format(state.bestAuroc()) + " at epoch " + state.bestEpoch() + ")");
            } else {
                session.initialize();
                config.initFrom().ifPresent(bundle -> {
                    WeightTransfer.load(bundle, graph, session, g.parameters);
                    listener.onMessage("weights loaded from " + bundle);
                });
            }
            listener.onMessage(String.format("training %s on %d images (%d validation), %d px input, %.3f GFLOPs/image,"
                            + " %d thread(s)", architecture.cardName(), train.size(), val.size(), config.inputSize(),
                    g.flopsPerImage / 1e9, config.threads()));
            int steps = train.size() / config.batchSize();
            long runStart = System.nanoTime();
            int epochsThisRun = 0;
            for (int epoch = state.epochsDone() + 1; epoch <= config.epochs() && !state.stopped(); epoch++) {
                long start = System.nanoTime();
                double lossSum = 0;
                double[] defenceLosses = new double[2];
                int[] order = permutation(train.size(), config.seed(), epoch);
                int done = 0;
                for (int step = 0; step < steps; step++) {
                    if (listener.cancelled()) {
                        listener.onMessage("cancelled; resume continues after epoch " + state.epochsDone());
                        return result(state, train, val);
                    }
                    double lr = learningRate((epoch - 1) * steps + step, config.epochs() * steps);
                    lossSum += step(session, g, train, order, step, epoch, lr, weights, defenceLosses);
                    done++;
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double ips = done * config.batchSize() / seconds;
                    double elapsedRun = (System.nanoTime() - runStart) / 1e9;
                    double stepsLeft = (double) (config.epochs() - epoch) * steps + (steps - done);
                    double perStep = elapsedRun / (epochsThisRun * steps + done);
                    listener.onStep(new TrainingListener.Step(epoch, config.epochs(), step + 1, steps,
                            lossSum / done, lr, ips, stepsLeft * perStep));
                }
                TrainingState.EpochResult result = validate(session, val, epoch, lossSum / steps,
                        steps * config.batchSize() / ((System.nanoTime() - start) / 1e9), start);
                reportDefences(defenceLosses, steps);
                String prefix = String.format("epoch-%03d", epoch);
                session.save(checkpoints.resolve(prefix).toString());
                state = state.after(result, prefix, config.selectOn(), config.patience());
                state.write(checkpoints);
                deleteOldCheckpoints(checkpoints, state);
                epochsThisRun++;
                listener.onEpoch(result);
                if (state.stopped()) {
                    listener.onMessage("early stop: no better " + config.selectOn().description() + " for "
                            + config.patience()
                            + " epochs; best " + format(state.bestAuroc()) + " at epoch " + state.bestEpoch());
                }
            }
            return result(state, train, val);
        }
    }

    private Result result(TrainingState state, PreparedDataset train, PreparedDataset val) {
        if (state.bestCheckpoint() == null) {
            throw new IllegalStateException("the run was stopped before its first epoch ended; nothing to export");
        }
        return new Result(config, architecture, state, config.checkpointDirectory().resolve(state.bestCheckpoint()),
                train, val);
    }

    private TrainingState prepareFolder(Path checkpoints, boolean resume) {
        try {
            Files.createDirectories(checkpoints);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + checkpoints + ": " + e.getMessage(), e);
        }
        var previous = TrainingState.read(checkpoints);
        if (previous.isPresent() && !resume) {
            throw new IllegalArgumentException(config.out() + " already holds a training run; resume it (--resume) "
                    + "or choose another output folder");
        }
        Map<String, String> settings = config.runSettings(architecture);
        previous.ifPresent(p -> p.requireSameSettings(settings, config.out()));
        return previous.orElse(TrainingState.fresh(settings));
    }

    private void reportDefences(double[] defenceLosses, int steps) {
        ShortcutDefences d = config.defences();
        if (d.adversarialWeight() > 0) {
            listener.onMessage(String.format(Locale.ROOT, "source adversary loss %.4f (guessing: %.4f)",
                    defenceLosses[0] / steps, Math.log(2)));
        }
        if (d.rankingWeight() > 0) {
            listener.onMessage(String.format(Locale.ROOT, "within-source ranking loss %.4f (random order: %.4f)",
                    defenceLosses[1] / steps, Math.log(2)));
        }
    }

    private double step(Session session, TrainingGraph g, PreparedDataset train, int[] order, int step, int epoch,
                        double lr, BatchWeights batchWeights, double[] defenceLosses) {
        int b = config.batchSize();
        int size = config.inputSize();
        int pixels = size * size;
        float[] images = new float[b * pixels];
        float[] labels = new float[b * ModelSignature.CLASSES.size()];
        int[] batch = new int[b];
        Augmenter augmenter = new Augmenter(config.seed(), config.defences());
        float[] augmented = new float[pixels];
        for (int i = 0; i < b; i++) {
            int index = order[step * b + i];
            batch[i] = index;
            if (config.augment()) {
                augmenter.augment(train.pixels(index), size, epoch, index, augmented);
                System.arraycopy(augmented, 0, images, i * pixels, pixels);
            } else {
                System.arraycopy(train.pixels(index), 0, images, i * pixels, pixels);
            }
            labels[i * ModelSignature.CLASSES.size() + train.label(index)] = 1;
        }
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(b, size, size, 1), DataBuffers.of(images, true, false));
             TFloat32 y = TFloat32.tensorOf(Shape.of(b, ModelSignature.CLASSES.size()),
                     DataBuffers.of(labels, true, false));
             TFloat32 w = TFloat32.tensorOf(Shape.of(b), DataBuffers.of(batchWeights.samples(batch), true, false));
             TFloat32 s = TFloat32.tensorOf(Shape.of(b, batchWeights.sourceCount()),
                     DataBuffers.of(batchWeights.sourceOneHot(batch), true, false));
             TFloat32 aw = TFloat32.tensorOf(Shape.of(b), DataBuffers.of(batchWeights.adversary(batch), true, false));
             TFloat32 pw = TFloat32.tensorOf(Shape.of(b, b), DataBuffers.of(batchWeights.pairs(batch), true, false));
             TFloat32 rate = TFloat32.scalarOf((float) lr);
             org.tensorflow.Result r = session.runner().feed(g.image, x).feed(g.labels, y)
                     .feed(g.sampleWeights, w).feed(g.sources, s).feed(g.adversaryWeights, aw).feed(g.pairWeights, pw)
                     .feed(g.learningRate, rate).addTarget(g.trainStep).fetch(g.loss).fetch(g.adversaryLoss)
                     .fetch(g.rankingLoss).run()) {
            defenceLosses[0] += ((TFloat32) r.get(1)).getFloat();
            defenceLosses[1] += ((TFloat32) r.get(2)).getFloat();
            return ((TFloat32) r.get(0)).getFloat();
        }
    }

    private TrainingState.EpochResult validate(Session session, PreparedDataset val, int epoch, double trainLoss,
                                               double imagesPerSecond, long start) {
        float[][] logits = BatchPredictor.ofSession(session, "train_image", "eval_logits").predictAll(val);
        int[] labels = new int[val.size()];
        String[] sources = new String[val.size()];
        float[][] probabilities = new float[val.size()][];
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < val.size(); i++) {
            labels[i] = val.label(i);
            sources[i] = val.image(i).source();
            probabilities[i] = softmax(logits[i]);
            loss -= Math.log(Math.max(1e-12, probabilities[i][labels[i]]));
            correct += argMax(probabilities[i]) == labels[i] ? 1 : 0;
        }
        double auroc = Evaluator.macroAuroc(probabilities, labels).orElse(Double.NaN);
        double withinSource = Evaluator.withinSourceCovidAuroc(probabilities, labels, sources).orElse(Double.NaN);
        return new TrainingState.EpochResult(epoch, trainLoss, loss / val.size(), (double) correct / val.size(),
                auroc, withinSource, imagesPerSecond, (System.nanoTime() - start) / 1e9);
    }

    /** Cosine decay from the configured rate to 1 % of it over the planned steps. */
    double learningRate(int step, int totalSteps) {
        double progress = Math.min(1.0, (double) step / Math.max(1, totalSteps));
        return config.learningRate() * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    static int[] permutation(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(Augmenter.mix(seed, epoch, -1));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    static float[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int c = 0; c < logits.length; c++) {
            e[c] = Math.exp(logits[c] - max);
            sum += e[c];
        }
        float[] p = new float[logits.length];
        for (int c = 0; c < logits.length; c++) {
            p[c] = (float) (e[c] / sum);
        }
        return p;
    }

    static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void deleteOldCheckpoints(Path checkpoints, TrainingState state) {
        try (Stream<Path> files = Files.list(checkpoints)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith("epoch-") && !name.startsWith(state.lastCheckpoint() + ".")
                        && !name.startsWith(state.bestCheckpoint() + ".")) {
                    Files.delete(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tidy " + checkpoints + ": " + e.getMessage(), e);
        }
    }

    private static String format(double v) {
        return String.format("%.4f", v);
    }
}
