package org.covidcxr.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.covidcxr.app.audit.ModelChangeAudit;
import org.covidcxr.inference.training.ConsoleProgress;
import org.covidcxr.inference.training.EpochSelection;
import org.covidcxr.inference.training.ShortcutDefences;
import org.covidcxr.inference.training.TrainingConfig;
import org.covidcxr.inference.training.TrainingRun;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelStore;
import org.covidcxr.modelstore.ModelStoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train}: trains (or fine-tunes) a model and leaves a sealed bundle in {@code OUT/bundle}, ready for
 * {@code evaluate} and {@code models publish}. All the work happens in the inference module.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a COVID-19 / normal / pneumonia classifier and export a sealed model bundle to OUT/bundle.",
                "Data: a folder with manifest.csv, a CSV file (file,label[,patient_id]) or class folders "
                        + "(covid/, normal/, pneumonia/).",
                "Exit 0: bundle written; 1: training failed; 2: bad arguments or data."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Labelled images (see above).")
    private Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Run folder: checkpoints, state, and the bundle in OUT/bundle.")
    private Path out;

    @Option(names = "--arch", defaultValue = "resnet", paramLabel = "NAME",
            description = "resnet or vgg (default: ${DEFAULT-VALUE}); ignored with --init-from.")
    private String arch;

    @Option(names = "--epochs", defaultValue = "30", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--input-size", defaultValue = "160", paramLabel = "PX",
            description = "Network input side in pixels (default: ${DEFAULT-VALUE}); ignored with --init-from.")
    private int inputSize;

    @Option(names = "--width", defaultValue = "16", paramLabel = "N",
            description = "Network width, the channels of its first layer (default: ${DEFAULT-VALUE}); narrower "
                    + "trains faster and learns less; ignored with --init-from.")
    private int width;

    @Option(names = "--batch-size", defaultValue = "32", description = "Images per step (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--learning-rate", paramLabel = "LR",
            description = "Peak learning rate (default: 1e-3, or 1e-4 with --init-from).")
    private Double learningRate;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--threads", paramLabel = "N",
            description = "CPU threads; a seed repeats its numbers exactly with the same count (default: all cores).")
    private Integer threads;

    @Option(names = "--init-from", paramLabel = "BUNDLE_OR_VERSION",
            description = "Start from this model (a bundle folder or a version in the model store).")
    private String initFrom;

    @Option(names = "--freeze-backbone",
            description = "With --init-from: train only the last convolutional block and the classifier.")
    private boolean freezeBackbone;

    @Option(names = "--text-markers", description = "Stamp burnt-in text (like \"PORTABLE AP\") on half the images of "
            + "every class, so that such markers cannot tell the classes apart.")
    private boolean textMarkers;

    @Option(names = "--nuisance", description = "Re-process half the images of every class as other sources process "
            + "theirs (JPEG, resampling, sharpening, gamma/contrast, text markers).")
    private boolean nuisance;

    @Option(names = "--source-balanced", description = "Give each source of a class an equal share of that class's "
            + "loss weight (capped at 8x).")
    private boolean sourceBalanced;

    @Option(names = "--adversarial-weight", paramLabel = "W", defaultValue = "0", description = "Strength of the "
            + "class-conditioned source adversary with gradient reversal (default: ${DEFAULT-VALUE}, off).")
    private double adversarialWeight;

    @Option(names = "--ranking-weight", paramLabel = "W", defaultValue = "0", description = "Weight of the "
            + "within-source COVID-19 ranking loss (default: ${DEFAULT-VALUE}, off).")
    private double rankingWeight;

    @Option(names = "--select-on", paramLabel = "METRIC", defaultValue = "macro-auroc", description = "What picks the "
            + "best epoch: macro-auroc or within-source (COVID-19 AUROC within each validation source; default: "
            + "${DEFAULT-VALUE}).")
    private String selectOn;

    @Option(names = "--no-augmentation", description = "Train on the preprocessed images as they are.")
    private boolean noAugmentation;

    @Option(names = "--resume", description = "Continue the run in OUT after its last completed epoch (with the "
            + "settings it was started with; other settings are refused).")
    private boolean resume;

    @Option(names = "--model-version", paramLabel = "V",
            description = "Version of the new bundle (default: trained-<date>-<time>).")
    private String version;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        TrainingConfig config;
        try {
            TrainingConfig.Builder b = TrainingConfig.builder(data, out).architecture(arch).width(width).epochs(epochs)
                    .inputSize(inputSize).batchSize(batchSize).seed(seed).freezeBackbone(freezeBackbone)
                    .augment(!noAugmentation)
                    .defences(new ShortcutDefences(textMarkers, nuisance, sourceBalanced, adversarialWeight,
                            rankingWeight))
                    .selectOn(EpochSelection.of(selectOn));
            if (learningRate != null) {
                b.learningRate(learningRate);
            }
            if (threads != null) {
                b.threads(threads);
            }
            if (initFrom != null) {
                b.initFrom(startBundle(initFrom));
            }
            config = b.build();
        } catch (IllegalArgumentException | ModelStoreException e) {
            err.println(e.getMessage());
            return 2;
        }
        try {
            ModelBundle bundle = TrainingRun.execute(config, resume, Optional.ofNullable(version),
                    new ConsoleProgress(System.out, 10));
            spec.commandLine().getOut().println("bundle " + bundle.version() + " written to " + bundle.directory());
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("training failed: " + e.getMessage());
            return 1;
        }
    }

    private static Path startBundle(String bundleOrVersion) {
        Path folder = Path.of(bundleOrVersion);
        return Files.isDirectory(folder) ? ModelBundles.open(folder).directory()
                : ModelStore.openDefault(ModelChangeAudit.storeSettings()).bundle(bundleOrVersion).directory();
    }
}
