package org.covidcxr.inference.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.data.PreparedDataset;
import org.covidcxr.inference.network.Architecture;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelCard;
import org.covidcxr.modelstore.ModelCards;

/**
 * One training run from data to a sealed bundle, for the {@code train} command and the training wizard:
 * read + preprocess, train (or resume), calibrate, choose the threshold, export, write the card, seal. When the
 * run starts from a bundle, its architecture, width and input size are taken from that bundle's card.
 */
public final class TrainingRun {

    /** Limitations every card states. */
    public static final List<String> LIMITATIONS = List.of(
            "Source bias: in the training data every COVID-19 image comes from the ieee8023 collection and every NIH "
                    + "image is normal or pneumonia, so the model can partly recognise the source instead of the "
                    + "disease; the per-source metrics (inside ieee8023) are the fairer estimate.",
            "Trained on few images (hundreds) from public collections of mixed quality; performance at a new site "
                    + "is unknown until evaluated there on local, labelled images.",
            "Frontal (PA/AP) adult chest X-rays only; lateral views, children and other body parts are out of scope.",
            "NIH pneumonia labels are text-mined and noisy.",
            "Grad-CAM maps are coarse (1/16 of the input) and show where evidence for a class lies, not a lesion "
                    + "segmentation.");

    private static final String VERSION_FILE = "model-version.txt";

    private TrainingRun() {
    }

    /** The configuration to use: {@code config}, or its architecture/size replaced by the start bundle's. */
    public static TrainingConfig adoptStartModel(TrainingConfig config) {
        if (config.initFrom().isEmpty()) {
            return config;
        }
        ModelCard card = ModelCards.read(config.initFrom().get().resolve(ModelBundle.CARD_FILE));
        Architecture a = Architecture.fromCardName(card.architecture());
        return new TrainingConfig(config.data(), config.out(), a.name(), a.width(), card.input().height(),
                config.epochs(), config.batchSize(), config.learningRate(), config.weightDecay(), config.patience(),
                config.seed(), config.threads(), config.initFrom(), config.freezeBackbone(), config.limitPerClass(),
                config.augment(), config.defences(), config.selectOn());
    }

    /**
     * @param version the new bundle's version; empty: {@code trained-<date-time>}
     * @return the sealed bundle in {@code <out>/bundle}
     */
    public static ModelBundle execute(TrainingConfig requested, boolean resume, Optional<String> version,
                                      TrainingListener listener) {
        TrainingConfig config = adoptStartModel(requested);
        if (resume && TrainingState.read(config.checkpointDirectory()).isEmpty()) {
            throw new IllegalArgumentException("There is no training run to resume in " + config.out()
                    + ": start one there without --resume.");
        }
        String v = runVersion(config, version, resume);
        Optional<String> parent = config.initFrom().map(p -> ModelCards.read(p.resolve(ModelBundle.CARD_FILE))
                .version());
        PreparedDataset[] splits = Trainer.prepare(config, Datasets.load(config.data()));
        Architecture architecture = Architecture.byName(config.architecture(), config.width());
        Trainer.Result run = new Trainer(config, architecture, listener).run(splits[0], splits[1], resume);
        ModelFinisher.Finished finished = ModelFinisher.finish(run, v, parent, "train command", LIMITATIONS,
                parent.map(p -> "Fine-tuned from " + p + (config.freezeBackbone() ? " (backbone frozen)." : "."))
                        .orElse("Trained from scratch."));
        listener.onMessage(String.format("temperature %.3f, COVID-19 threshold %.4f (validation sensitivity >= %.2f)",
                finished.card().temperature(), finished.card().operatingThreshold(),
                ModelFinisher.TARGET_SENSITIVITY));
        return ModelBundles.seal(finished.bundle());
    }

    /**
     * The new bundle's version, fixed (in {@code OUT/model-version.txt}) when the run starts: a resumed run finishes
     * as the version it was started for.
     */
    private static String runVersion(TrainingConfig config, Optional<String> requested, boolean resume) {
        Path out = config.out();
        Path file = out.resolve(VERSION_FILE);
        try {
            if (resume && Files.isRegularFile(file)) {
                String recorded = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (requested.isPresent() && !requested.get().equals(recorded)) {
                    throw new IllegalArgumentException("The run in " + out + " was started for version " + recorded
                            + ": resume it without --model-version (or with " + recorded + "), or start a new run "
                            + "in another folder.");
                }
                return recorded;
            }
            String v = requested.orElseGet(() -> "trained-" + LocalDateTime.now()
                    .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            ModelCard.requireValidVersion(v);
            if (!resume && TrainingState.read(config.checkpointDirectory()).isPresent()) {
                return v; // the trainer refuses this folder, with its own message
            }
            Files.createDirectories(out);
            Files.writeString(file, v, StandardCharsets.UTF_8);
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the run's version in " + file + ": " + e.getMessage(), e);
        }
    }
}
