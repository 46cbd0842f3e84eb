package org.covidcxr.inference.segmentation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.covidcxr.inference.TensorFlowRuntime;
import org.covidcxr.inference.network.Adam;
import org.covidcxr.inference.network.Layers;
import org.covidcxr.inference.network.Parameters;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Trains the {@link UNet} lung segmenter on {@code train} masks (per-pixel cross-entropy plus soft Dice, Adam with a
 * cosine schedule, horizontal flips), keeps the epoch with the best {@code val} Dice, and exports it as a SavedModel
 * (input {@value #INPUT}, output {@value #OUTPUT}: P(lung) per pixel) whose Dice on {@code val} and {@code test} it
 * measures again from the exported graph.
 */
public final class LungSegmenterTrainer {
    public static final String INPUT = "image";
    public static final String OUTPUT = "lungs";
    public static final String TAG = "serve";
    public static final String SIGNATURE = "serving_default";
    /** Beside the SavedModel: the mean training mask, grey (255 = lung in every mask), for {@link PixelGate}. */
    public static final String ATLAS_FILE = "atlas.png";
    /** Beside the SavedModel: how it was trained and its Dice on {@code val} and {@code test}. */
    public static final String RECORD_FILE = "segmenter.json";

    /** @param seconds wall time of the epoch */
    public record Epoch(int epoch, double loss, double validationDice, double seconds) {
    }

    /** @param epochs per epoch; {@code bestEpoch} was exported */
    public record Result(Path savedModel, int bestEpoch, double validationDice, double testDice, List<Epoch> epochs) {
    }

    private final UNet unet;
    private final int epochs;
    private final int batchSize;
    private final double learningRate;
    private final long seed;
    private final int threads;

    public LungSegmenterTrainer(UNet unet, int epochs, int batchSize, double learningRate, long seed, int threads) {
        this.unet = unet;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.learningRate = learningRate;
        this.seed = seed;
        this.threads = threads;
    }

    public Result train(MaskedImages data, Path out, Consumer<Epoch> progress) {
        TensorFlowRuntime.bootstrapForTraining();
        int[] train = data.of("train");
        int[] val = data.of("val");
        if (train.length < batchSize || val.length == 0) {
            throw new IllegalArgumentException("the lung masks hold " + train.length + " train and " + val.length
                    + " val images; at least one batch of train and some val images are needed");
        }
        int s = data.inputSize();
        Path checkpoint = out.resolve("checkpoints").resolve("best");
        List<Epoch> history = new java.util.ArrayList<>();
        int bestEpoch = 0;
        double bestDice = -1;
        try (Graph graph = new Graph(); Session session = new Session(graph, TensorFlowRuntime.sessionConfig(threads))) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> image = tf.withName(INPUT).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, s, s, 1)));
            Placeholder<TFloat32> target = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, s, s, 1)));
            Placeholder<TFloat32> rate = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            Parameters parameters = Parameters.seeded(tf, seed);
            Layers training = new Layers(tf, parameters, Set.copyOf(UNet.BLOCKS));
            Operand<TFloat32> logits = unet.logits(training, image, s);
            Operand<TFloat32> evalProbability = tf.math.sigmoid(unet.logits(new Layers(tf, parameters, Set.of()),
                    image, s));
            Operand<TFloat32> loss = loss(tf, logits, target);
            var trained = parameters.trainable();
            Output<?>[] gradients = graph.addGradients("gradients", new Output<?>[] {loss.asOutput()},
                    trained.stream().map(p -> p.variable().asOutput()).toArray(Output<?>[]::new), null);
            Op step = Adam.minimize(tf, trained, gradients, rate, training.updates());
            session.initialize();
            int steps = train.length / batchSize;
            for (int epoch = 1; epoch <= epochs; epoch++) {
                long start = System.nanoTime();
                int[] order = shuffled(train, epoch);
                double lossSum = 0;
                for (int k = 0; k < steps; k++) {
                    double progressShare = ((epoch - 1) * steps + k) / (double) (epochs * steps);
                    float lr = (float) (learningRate * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * progressShare))));
                    float[][] batch = batch(data, order, k, epoch);
                    try (TFloat32 x = tensor(batch[0], batchSize, s);
                         TFloat32 y = tensor(batch[1], batchSize, s);
                         TFloat32 r = TFloat32.scalarOf(lr);
                         org.tensorflow.Result res = session.runner().feed(image, x).feed(target, y).feed(rate, r)
                                 .addTarget(step).fetch(loss).run()) {
                        lossSum += ((TFloat32) res.get(0)).getFloat();
                    }
                }
                double dice = meanDice(data, val, batch -> predict(session, image.op().name(),
                        evalProbability.op().name(), batch, s));
                Epoch e = new Epoch(epoch, lossSum / steps, dice, (System.nanoTime() - start) / 1e9);
                history.add(e);
                progress.accept(e);
                if (dice > bestDice) {
                    bestDice = dice;
                    bestEpoch = epoch;
                    Files.createDirectories(checkpoint.getParent());
                    session.save(checkpoint.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoints in " + out + ": " + e.getMessage(), e);
        }
        Path savedModel = export(s, checkpoint, out.resolve("saved_model"));
        writeAtlas(data, train, out.resolve(ATLAS_FILE));
        try (SavedModelBundle bundle = SavedModelBundle.load(savedModel.toString(), TAG)) {
            var function = bundle.function(SIGNATURE);
            java.util.function.Function<float[], float[]> exported = batch -> {
                int n = batch.length / (s * s);
                try (TFloat32 x = tensor(batch, n, s); org.tensorflow.Result r = function.call(Map.of(INPUT, x))) {
                    return values((TFloat32) r.get(OUTPUT).orElseThrow(), n * s * s);
                }
            };
            return new Result(savedModel, bestEpoch, meanDice(data, val, exported),
                    meanDice(data, data.of("test"), exported), history);
        }
    }

    /** The mean of the given masks as an 8-bit grey PNG. */
    public static void writeAtlas(MaskedImages data, int[] images, Path file) {
        int s = data.inputSize();
        java.awt.image.BufferedImage atlas = new java.awt.image.BufferedImage(s, s,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int k = 0; k < s * s; k++) {
            double sum = 0;
            for (int i : images) {
                sum += data.mask(i)[k];
            }
            atlas.getRaster().setSample(k % s, k / s, 0, (int) Math.round(255 * sum / images.length));
        }
        try {
            javax.imageio.ImageIO.write(atlas, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the lung atlas " + file + ": " + e.getMessage(), e);
        }
    }

    /** Mean per-pixel cross-entropy plus (1 − mean soft Dice per image). */
    private static Operand<TFloat32> loss(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> target) {
        Operand<TFloat32> crossEntropy = tf.math.mean(tf.math.sub(tf.math.softplus(logits),
                tf.math.mul(logits, target)), tf.constant(new int[] {0, 1, 2, 3}));
        Operand<TFloat32> p = tf.math.sigmoid(logits);
        var axes = tf.constant(new int[] {1, 2, 3});
        Operand<TFloat32> one = tf.constant(1f);
        Operand<TFloat32> dice = tf.math.div(tf.math.add(tf.math.mul(tf.constant(2f),
                tf.reduceSum(tf.math.mul(p, target), axes)), one), tf.math.add(tf.math.add(tf.reduceSum(p, axes),
                tf.reduceSum(target, axes)), one));
        return tf.math.add(crossEntropy, tf.math.sub(one, tf.math.mean(dice, tf.constant(0))));
    }

    private Path export(int s, Path checkpoint, Path directory) {
        try (Graph graph = new Graph(); Session session = new Session(graph, TensorFlowRuntime.sessionConfig(1))) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> image = tf.withName(INPUT).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, s, s, 1)));
            Operand<TFloat32> lungs = tf.withName(OUTPUT).math.sigmoid(unet.logits(
                    new Layers(tf, Parameters.restorable(tf), Set.of()), image, s));
            session.restore(checkpoint.toString());
            SavedModelBundle.exporter(directory.toString()).withTags(TAG).withSession(session)
                    .withSignature(Signature.builder().key(SIGNATURE).input(INPUT, image).output(OUTPUT, lungs)
                            .build()).export();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the SavedModel to " + directory + ": " + e.getMessage(),
                    e);
        }
    }

    private static float[] predict(Session session, String input, String output, float[] batch, int s) {
        int n = batch.length / (s * s);
        try (TFloat32 x = tensor(batch, n, s); org.tensorflow.Result r = session.runner().feed(input, x)
                .fetch(output).run()) {
            return values((TFloat32) r.get(0), n * s * s);
        }
    }

    /** Mean Dice of the thresholded (0.5) prediction against the mask, per image. */
    static double meanDice(MaskedImages data, int[] images, java.util.function.Function<float[], float[]> model) {
        int s = data.inputSize();
        int pixels = s * s;
        double sum = 0;
        for (int start = 0; start < images.length; start += 32) {
            int n = Math.min(32, images.length - start);
            float[] batch = new float[n * pixels];
            for (int i = 0; i < n; i++) {
                System.arraycopy(data.input(images[start + i]), 0, batch, i * pixels, pixels);
            }
            float[] p = model.apply(batch);
            for (int i = 0; i < n; i++) {
                sum += dice(p, i * pixels, data.mask(images[start + i]));
            }
        }
        return images.length == 0 ? Double.NaN : sum / images.length;
    }

    static double dice(float[] probabilities, int offset, float[] mask) {
        double both = 0;
        double predicted = 0;
        double actual = 0;
        for (int k = 0; k < mask.length; k++) {
            boolean p = probabilities[offset + k] >= 0.5f;
            boolean m = mask[k] > 0.5f;
            both += p && m ? 1 : 0;
            predicted += p ? 1 : 0;
            actual += m ? 1 : 0;
        }
        return predicted + actual == 0 ? 1 : 2 * both / (predicted + actual);
    }

    private float[][] batch(MaskedImages data, int[] order, int step, int epoch) {
        int s = data.inputSize();
        int pixels = s * s;
        float[] x = new float[batchSize * pixels];
        float[] y = new float[batchSize * pixels];
        for (int i = 0; i < batchSize; i++) {
            int index = order[step * batchSize + i];
            // flips: the lungs' outline is near-symmetric, and the segmenter must find them on mirrored films too
            boolean flip = new SplittableRandom(seed * 31 + epoch * 1_000_003L + index).nextBoolean();
            copy(data.input(index), x, i * pixels, s, flip);
            copy(data.mask(index), y, i * pixels, s, flip);
        }
        return new float[][] {x, y};
    }

    private static void copy(float[] src, float[] dst, int offset, int s, boolean flip) {
        for (int v = 0; v < s; v++) {
            for (int u = 0; u < s; u++) {
                dst[offset + v * s + u] = src[v * s + (flip ? s - 1 - u : u)];
            }
        }
    }

    private int[] shuffled(int[] indices, int epoch) {
        int[] order = indices.clone();
        SplittableRandom random = new SplittableRandom(seed * 7919 + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static TFloat32 tensor(float[] values, int n, int s) {
        return TFloat32.tensorOf(Shape.of(n, s, s, 1), DataBuffers.of(values, true, false));
    }

    private static float[] values(TFloat32 t, int count) {
        float[] out = new float[count];
        t.asRawTensor().data().asFloats().read(out);
        return out;
    }
}
