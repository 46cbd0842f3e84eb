package org.covidcxr.inference.sitetraining;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.covidcxr.inference.TensorFlowRuntime;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.data.PreparedDataset;
import org.covidcxr.inference.network.Architecture;
import org.covidcxr.inference.training.ModelFinisher;
import org.covidcxr.inference.training.Trainer;
import org.covidcxr.inference.training.TrainingConfig;
import org.covidcxr.inference.training.TrainingListener;
import org.covidcxr.inference.training.TrainingRun;
import org.covidcxr.inference.training.TrainingState;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelCard;

/**
 * The training process of a site run, started by {@link TrainingProcess} as a separate JVM: the app stays responsive
 * and keeps its memory, and a crash of native TensorFlow cannot take the workstation down. It holds the run's lock
 * while it works, reports through {@code progress.jsonl}, and stops cleanly (resumable) when asked through
 * {@code stop-request} or when the app that started it is gone.
 *
 * <p>Arguments: run folder, process id of the app (or 0), and, when fine-tuning, the parent bundle's folder.
 */
public final class SiteTrainingWorker {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_BUSY = 3;

    private final RunFolder run;
    private final long appPid;
    private final Optional<Path> parentBundle;
    private long lastAppCheck;
    /** Set once a stop was asked for: the trainer then returns early and the run must not be finished. */
    private volatile boolean stopping;

    private SiteTrainingWorker(RunFolder run, long appPid, Optional<Path> parentBundle) {
        this.run = run;
        this.appPid = appPid;
        this.parentBundle = parentBundle;
    }

    public static void main(String[] args) throws IOException {
        TensorFlowRuntime.prepareEnvironment();
        RunFolder run = RunFolder.open(Path.of(args[0]));
        long appPid = Long.parseLong(args[1]);
        Optional<Path> parent = args.length > 2 ? Optional.of(Path.of(args[2])) : Optional.empty();
        try (FileChannel channel = FileChannel.open(run.lockFile(), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                System.err.println("another training process is already working on " + run.folder());
                System.exit(EXIT_BUSY);
            }
            System.exit(new SiteTrainingWorker(run, appPid, parent).train());
        }
    }

    private int train() throws IOException {
        RunState state = run.state();
        try {
            TrainingConfig config = config(state);
            Architecture architecture = Architecture.byName(config.architecture(), config.width());
            List<LabelledImage> all = Datasets.load(run.dataset());
            PreparedDataset[] data = Trainer.prepare(config, all);
            TrainingState done = TrainingState.read(config.checkpointDirectory())
                    .orElse(TrainingState.fresh(config.runSettings(architecture)));
            backfillEpochs(done);
            run.append(TrainingEvent.start(done.epochsDone(), config.epochs()));
            Trainer.Result result;
            try {
                result = new Trainer(config, architecture, new Reporter()).run(data[0], data[1], true);
            } catch (IllegalStateException e) {
                if (!stopping) {
                    throw e;
                }
                // Stopped before the first epoch ended: the trainer has nothing to hand back, yet this is a pause.
                return stopped(0);
            }
            if (stopping) {
                return stopped(result.state().epochsDone());
            }
            ModelCard card = finish(result, state);
            run.save(state.withCandidate(card.version()));
            TrainingState ended = result.state();
            // an early stop ends the run before its last epoch: say so, or "Epoch 14 of 60" reads as a failure
            String why = ended.stopped() ? String.format(java.util.Locale.ROOT, " (stopped early after epoch %d of %d: "
                    + "no better %s for %d epochs; the best, epoch %d, is the candidate)", ended.epochsDone(),
                    config.epochs(), config.selectOn().description(), config.patience(), ended.bestEpoch()) : "";
            run.append(TrainingEvent.end(RunStatus.TRAINED, "Training finished: candidate " + card.version() + why));
            return EXIT_OK;
        } catch (RuntimeException | IOException e) {
            // Crash-worthy errors still end with a reason the wizard can show.
            run.append(TrainingEvent.end(RunStatus.FAILED, "Training failed: " + e.getMessage()));
            e.printStackTrace();
            return EXIT_FAILED;
        } finally {
            // answered (or, for a run that finished first, overtaken): no request outlives the process
            try {
                Files.deleteIfExists(run.stopRequest());
            } catch (IOException e) {
                e.printStackTrace();
            }
        }
    }

    /** Ends the attempt as the wizard asked (pause or cancel), or as a pause when the app went away. */
    private int stopped(int epochsDone) {
        Optional<StopRequest> stop = StopRequest.read(run.stopRequest());
        run.append(TrainingEvent.end(stop.map(StopRequest::outcome).orElse(RunStatus.PAUSED),
                stop.map(StopRequest::reason).orElse("The workstation closed; resume continues after epoch "
                        + epochsDone + ".")));
        return EXIT_OK;
    }

    /**
     * The parent's limitations as they apply to a model fine-tuned from it: each says it comes from the parent, and
     * advice about metrics only the parent's card holds (e.g. "inside ieee8023") is not repeated as if this card held
     * them.
     */
    static List<String> inheritedLimitations(ModelCard parent) {
        List<String> out = new ArrayList<>();
        for (String l : parent.limitations()) {
            out.add(l.startsWith("Source bias") ? "From the parent model " + parent.version() + ": it was trained "
                    + "where COVID-19 came from one collection only, so its COVID-19 probability may rest partly on "
                    + "an image's source; this model's site figures come from the site's own images, where the source "
                    + "cannot help, and are the ones to judge it by."
                    : "From the parent model " + parent.version() + ": " + l);
        }
        return out;
    }

    /** Exports, calibrates and describes the best epoch's model, then seals it as the run's candidate bundle. */
    private ModelCard finish(Trainer.Result result, RunState state) {
        List<String> limitations = new ArrayList<>(parentBundle.map(b -> ModelBundles.open(b).card())
                .map(SiteTrainingWorker::inheritedLimitations).orElse(List.of()));
        limitations.add("Fine-tuned on " + (state.images(Split.TRAIN) + state.images(Split.VAL)) + " images of one "
                + "site and compared with its parent on " + state.images(Split.TEST) + " site test images only.");
        ModelFinisher.Finished finished = ModelFinisher.finish(result, candidateVersion(state),
                Optional.ofNullable(state.parentVersion()), state.createdBy(), limitations,
                "Site training run " + state.runId() + " (" + String.join(", ", state.sources()) + ").");
        ModelBundles.seal(finished.bundle());
        return finished.card();
    }

    /** {@code <parent>-site<yyyyMMddHHmm>} (or {@code site<…>} from scratch): unique per run, sorts after its parent. */
    static String candidateVersion(RunState state) {
        String stamp = state.runId().replaceAll("[^0-9]", "");
        return state.parentVersion() == null ? "site" + stamp : state.parentVersion() + "-site" + stamp;
    }

    private TrainingConfig config(RunState state) {
        SiteTrainingSettings s = state.settings();
        TrainingConfig.Builder builder = TrainingConfig.builder(run.dataset(), run.training())
                .architecture(s.architecture()).epochs(s.epochs()).learningRate(s.learningRate())
                .batchSize(s.batchSize()).seed(s.seed()).freezeBackbone(s.freezeBackbone()).augment(s.augmentation())
                .threads(Math.max(1, Runtime.getRuntime().availableProcessors()));
        if (s.fineTune()) {
            builder.initFrom(parentBundle.orElseThrow(() -> new IllegalStateException(
                    "fine-tuning needs the parent model's folder")));
        }
        // Fine-tuning keeps the parent's architecture, width and input size, exactly as the train command does.
        return TrainingRun.adoptStartModel(builder.build());
    }

    /**
     * A process killed between an epoch's checkpoint and its progress line leaves that epoch out of the log; the
     * checkpoint's history is the truth, so the log gets the missing epochs before training goes on.
     */
    private void backfillEpochs(TrainingState done) throws IOException {
        Set<Integer> logged = new HashSet<>();
        run.events().stream().filter(e -> e.type() == TrainingEvent.Type.EPOCH).forEach(e -> logged.add(e.epoch()));
        done.history().stream().filter(e -> !logged.contains(e.epoch())).forEach(e -> run.append(epochEvent(e)));
    }

    static TrainingEvent epochEvent(TrainingState.EpochResult e) {
        return new TrainingEvent(TrainingEvent.Type.EPOCH, e.epoch(), 0, 0, 0, e.trainLoss(), e.validationLoss(),
                e.validationMacroAuroc(), e.imagesPerSecond(), 0, null, null);
    }

    /** True once the trainer asked to stop or the app that started this process is gone; remembered. */
    private boolean stopWanted() {
        if (Files.exists(run.stopRequest())) {
            stopping = true;
        }
        long now = System.nanoTime();
        if (!stopping && appPid > 0 && now - lastAppCheck > 1_000_000_000L) {
            lastAppCheck = now;
            stopping = ProcessHandle.of(appPid).map(p -> !p.isAlive()).orElse(true);
        }
        return stopping;
    }

    private final class Reporter implements TrainingListener {
        @Override
        public void onMessage(String message) {
            run.append(TrainingEvent.message(message));
        }

        @Override
        public void onStep(Step s) {
            run.append(new TrainingEvent(TrainingEvent.Type.STEP, s.epoch(), s.epochs(), s.step(), s.steps(),
                    s.loss(), 0, 0, s.imagesPerSecond(), s.etaSeconds(), null, null));
        }

        @Override
        public void onEpoch(TrainingState.EpochResult e) {
            run.append(epochEvent(e));
        }

        @Override
        public boolean cancelled() {
            return stopWanted();
        }
    }
}
