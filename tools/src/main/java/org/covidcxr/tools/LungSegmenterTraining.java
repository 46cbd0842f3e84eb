package org.covidcxr.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.covidcxr.inference.segmentation.LungSegmenterTrainer;
import org.covidcxr.inference.segmentation.MaskedImages;
import org.covidcxr.inference.segmentation.UNet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Trains the lung segmenter the pixel gate ships with ({@link LungSegmenterTrainer}), exports it to
 * {@code OUT/saved_model} with its atlas, prints its Dice on {@code val} and {@code test} and records how it was made
 * in {@value LungSegmenterTrainer#RECORD_FILE}, which the model card quotes.
 */
@Command(name = "train-segmenter", mixinStandardHelpOptions = true,
        description = "Train the U-Net lung segmenter on a lung-mask folder and export it to OUT/saved_model.")
public final class LungSegmenterTraining implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MASK_FOLDER", description = "e.g. ../shared/data/lung-masks")
    private Path masks;

    @Parameters(index = "1", paramLabel = "OUT", description = "Where the segmenter is exported.")
    private Path out;

    @Parameters(index = "2", arity = "0..1", defaultValue = "128", paramLabel = "SIZE",
            description = "Input side in pixels (default: ${DEFAULT-VALUE}).")
    private int size;

    @Parameters(index = "3", arity = "0..1", defaultValue = "8", paramLabel = "WIDTH",
            description = "U-Net width, the channels of its first level (default: ${DEFAULT-VALUE}).")
    private int width;

    @Parameters(index = "4", arity = "0..1", defaultValue = "40", paramLabel = "EPOCHS",
            description = "Epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Parameters(index = "5", arity = "0..1", defaultValue = "16", paramLabel = "BATCH",
            description = "Images per step (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Parameters(index = "6", arity = "0..1", defaultValue = "1", paramLabel = "SEED",
            description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() throws IOException {
        int threads = Runtime.getRuntime().availableProcessors();
        MaskedImages data = MaskedImages.load(masks, size, threads);
        System.out.printf(Locale.ROOT, "%d masked images (%d train, %d val, %d test) at %d px%n", data.size(),
                data.of("train").length, data.of("val").length, data.of("test").length, size);
        LungSegmenterTrainer.Result r = new LungSegmenterTrainer(new UNet(width), epochs, batch, 1e-3, seed, threads)
                .train(data, out, e -> System.out.printf(Locale.ROOT, "epoch %d: loss %.4f, val Dice %.4f (%.0f s)%n",
                        e.epoch(), e.loss(), e.validationDice(), e.seconds()));
        System.out.printf(Locale.ROOT, "exported epoch %d to %s: Dice val %.4f, test %.4f%n", r.bestEpoch(),
                r.savedModel(), r.validationDice(), r.testDice());
        Map<String, Object> record = Map.of("inputSize", size, "width", width, "epochs", epochs,
                "bestEpoch", r.bestEpoch(), "seed", seed, "diceValidation", r.validationDice(), "diceTest",
                r.testDice(), "masks", masks.getFileName().toString());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve(LungSegmenterTrainer.RECORD_FILE)
                .toFile(), new TreeMap<>(record));
        return 0;
    }
}
