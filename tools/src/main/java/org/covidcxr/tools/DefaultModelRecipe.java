package org.covidcxr.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.covidcxr.inference.Preprocessor;
import org.covidcxr.inference.audit.ShortcutAudit;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.data.PreparedDataset;
import org.covidcxr.inference.network.Architecture;
import org.covidcxr.inference.network.Ensemble;
import org.covidcxr.inference.training.ConsoleProgress;
import org.covidcxr.inference.training.EpochSelection;
import org.covidcxr.inference.training.ModelFinisher;
import org.covidcxr.inference.training.SavedModelExporter;
import org.covidcxr.inference.training.ShortcutDefences;
import org.covidcxr.inference.training.Trainer;
import org.covidcxr.inference.training.TrainingConfig;
import org.covidcxr.inference.training.TrainingRun;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelCard;
import org.covidcxr.modelstore.ModelCards;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Reproduces the shipped default model: trains every candidate architecture on {@code train} with the same seed
 * and settings, picks the one with the best validation macro AUROC (with {@code --members k > 1}: trains k − 1 further
 * networks of it with the next seeds and joins them into a deep ensemble, {@link Ensemble}), calibrates and exports
 * it, evaluates it once on {@code test} (overall and per source) and audits it there for shortcuts
 * ({@link ShortcutAudit}, with the lung masks beside the data set), writes both reports into the bundle and their
 * digests into the model card, and seals the bundle. Interrupted runs resume (every run has its own folder).
 * The shortcut defences and epoch selection are those of {@link ShortcutDefences} and {@link EpochSelection}.
 */
@Command(name = "recipe",
        description = "Reproduce the shipped default model: train, choose, calibrate, export, evaluate on test, seal.")
public final class DefaultModelRecipe implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "../shared/data/cxr", paramLabel = "DIR",
            description = "Labelled data set (default: ${DEFAULT-VALUE}).")
    private Path data;

    @Option(names = "--out", defaultValue = "target/default-model", paramLabel = "DIR",
            description = "One run folder per architecture (and ensemble member) in here (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--version", defaultValue = "1.0.0", paramLabel = "V",
            description = "Version of the bundle (default: ${DEFAULT-VALUE}).")
    private String version;

    @Option(names = "--archs", defaultValue = "resnet,vgg", split = ",", paramLabel = "NAME",
            description = "Candidate architectures (default: ${DEFAULT-VALUE}).")
    private List<String> archs;

    @Option(names = "--members", defaultValue = "1", paramLabel = "K",
            description = "Networks of the chosen architecture joined into a deep ensemble "
                    + "(default: ${DEFAULT-VALUE}).")
    private int members;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the first network (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--epochs", defaultValue = "40", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--patience", defaultValue = "10",
            description = "Epochs without improvement before stopping (default: ${DEFAULT-VALUE}).")
    private int patience;

    @Option(names = "--input-size", defaultValue = "" + TrainingConfig.DEFAULT_INPUT_SIZE, paramLabel = "PX",
            description = "Network input side in pixels (default: ${DEFAULT-VALUE}).")
    private int inputSize;

    @Option(names = "--width", defaultValue = "" + TrainingConfig.DEFAULT_WIDTH, paramLabel = "N",
            description = "Network width (default: ${DEFAULT-VALUE}).")
    private int width;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
            description = "CPU threads (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--limit-per-class", defaultValue = "0", paramLabel = "N",
            description = "Use only the first N images of each class per split; 0: all (default: ${DEFAULT-VALUE}).")
    private int limitPerClass;

    @Option(names = "--text-markers", arity = "1", defaultValue = "false", paramLabel = "BOOLEAN",
            description = "Shortcut defence: burnt-in text markers on half of every class (default: ${DEFAULT-VALUE}).")
    private boolean textMarkers;

    @Option(names = "--nuisance", arity = "1", defaultValue = "false", paramLabel = "BOOLEAN",
            description = "Shortcut defence: other sources' processing on half of every class "
                    + "(default: ${DEFAULT-VALUE}).")
    private boolean nuisance;

    @Option(names = "--source-balanced", arity = "1", defaultValue = "false", paramLabel = "BOOLEAN",
            description = "Shortcut defence: equal loss weight per source of a class (default: ${DEFAULT-VALUE}).")
    private boolean sourceBalanced;

    @Option(names = "--adversarial-weight", defaultValue = "0", paramLabel = "W",
            description = "Shortcut defence: source adversary strength (default: ${DEFAULT-VALUE}, off).")
    private double adversarialWeight;

    @Option(names = "--ranking-weight", defaultValue = "0", paramLabel = "W",
            description = "Shortcut defence: within-source ranking loss weight (default: ${DEFAULT-VALUE}, off).")
    private double rankingWeight;

    @Option(names = "--select-on", defaultValue = "macro-auroc", paramLabel = "METRIC",
            description = "What picks the best epoch: macro-auroc or within-source (default: ${DEFAULT-VALUE}).")
    private String selectOn;

    @Option(names = "--evaluate-test", arity = "1", defaultValue = "true", paramLabel = "BOOLEAN",
            description = "Evaluate on test and seal; false: stop after validation, leave the bundle unsealed "
                    + "(default: ${DEFAULT-VALUE}).")
    private boolean evaluateTest;

    @Option(names = "--lung-masks", paramLabel = "DIR",
            description = "Lung masks for the shortcut audit (default: lung-masks beside the data set).")
    private Path lungMasks;

    @Option(names = "--lung-segmenter", paramLabel = "DIR",
            description = "A segmenter exported by train-segmenter, shipped in the bundle for the pixel gate.")
    private Path lungSegmenter;

    // Not mixinStandardHelpOptions: its --version would clash with the bundle's.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Override
    public Integer call() throws IOException {
        ConsoleProgress progress = new ConsoleProgress(System.out, 10);
        List<LabelledImage> all = Datasets.load(data);
        TrainingConfig base = config(out.resolve(archs.get(0)), seed);
        PreparedDataset[] splits = Trainer.prepare(base, all);
        List<Trainer.Result> runs = new ArrayList<>();
        for (String arch : archs) {
            runs.add(train(progress, config(out.resolve(arch), seed), arch, splits));
        }
        Trainer.Result best = runs.stream().max((x, y) -> Double.compare(x.state().bestAuroc(),
                y.state().bestAuroc())).orElseThrow();
        StringBuilder why = new StringBuilder("Architecture chosen by " + base.selectOn().description() + ":");
        runs.forEach(r -> why.append(String.format(" %s %.4f (best epoch %d);", r.architecture().cardName(),
                r.state().bestAuroc(), r.state().bestEpoch())));
        why.append(" seed ").append(seed).append(".");

        ModelFinisher.Candidate candidate = best.candidate();
        if (members > 1) {
            List<Trainer.Result> ensemble = new ArrayList<>(List.of(best));
            for (int m = 1; m < members; m++) {
                String arch = best.architecture().name();
                ensemble.add(train(progress, config(out.resolve(arch + "-seed" + (seed + m)), seed + m),
                        arch, splits));
            }
            Ensemble architecture = new Ensemble(best.architecture(), members);
            candidate = ensembleCandidate(architecture, ensemble, config(out.resolve(architecture.name()), seed));
        }
        ModelFinisher.Finished finished = ModelFinisher.finish(candidate, version, Optional.empty(),
                "DefaultModelRecipe", TrainingRun.LIMITATIONS, why.toString());
        System.out.println("validation: " + ModelFinisher.summary(finished.validation()).get("overall"));
        if (!evaluateTest) {
            System.out.println("unsealed bundle " + finished.bundle() + " (test split not evaluated)");
            return 0;
        }
        PreparedDataset test = PreparedDataset.prepare(Datasets.limit(Datasets.split(all, Datasets.TEST),
                base.limitPerClass()), new Preprocessor(base.inputSize()), base.threads());
        ModelCard card = finished.card();
        Map<String, Object> metrics = new LinkedHashMap<>(card.metrics());
        metrics.putAll(TestSplitEvaluation.run(finished.bundle(), card, data, test, Optional.of(lungMasks != null
                ? lungMasks : data.toAbsolutePath().resolveSibling("lung-masks"))));
        if (lungSegmenter != null) {
            metrics.put("lungSegmenter", LungSegmenterCopy.into(lungSegmenter, finished.bundle()));
        }
        ModelCard withTest = new ModelCard(card.version(), card.architecture(), card.classes(), card.input(),
                card.preprocessing(), card.operatingThreshold(), card.temperature(), card.trainingData(), metrics,
                card.intendedUse(), card.limitations(), card.parentVersion(), card.createdAt(), card.createdBy(),
                card.notes());
        ModelCards.write(withTest, finished.bundle().resolve(ModelBundle.CARD_FILE));
        ModelBundle bundle = ModelBundles.seal(finished.bundle());
        System.out.println("test report: " + finished.bundle().resolve(TestSplitEvaluation.FOLDER));
        System.out.println("sealed bundle " + bundle.directory() + " (" + bundle.version() + ")");
        return 0;
    }

    private static Trainer.Result train(ConsoleProgress progress, TrainingConfig config, String arch,
                                        PreparedDataset[] splits) {
        progress.onMessage("== " + arch + " seed " + config.seed());
        return new Trainer(config, Architecture.byName(arch, config.width()), progress).run(splits[0], splits[1],
                true);
    }

    /** Members trained separately (one seed each) joined into one network; their checkpoints fill its variables. */
    private static ModelFinisher.Candidate ensembleCandidate(Ensemble architecture, List<Trainer.Result> members,
                                                             TrainingConfig config) {
        Trainer.Result first = members.get(0);
        StringBuilder summary = new StringBuilder("Deep ensemble of " + members.size() + " "
                + first.architecture().cardName() + " networks trained separately; per member (seed: best epoch, "
                + "validation macro AUROC):");
        for (Trainer.Result r : members) {
            summary.append(String.format(Locale.ROOT, " %d: %d, %.4f;", r.config().seed(), r.state().bestEpoch(),
                    r.state().bestAuroc()));
        }
        return new ModelFinisher.Candidate(config, architecture,
                new SavedModelExporter.Weights.FromMemberCheckpoints(members.stream()
                        .map(Trainer.Result::bestCheckpoint).toList()),
                first.train(), first.validation(), summary.toString());
    }

    private TrainingConfig config(Path runFolder, long runSeed) {
        return TrainingConfig.builder(data, runFolder).epochs(epochs).patience(patience).inputSize(inputSize)
                .width(width).threads(threads).seed(runSeed).limitPerClass(limitPerClass)
                .defences(new ShortcutDefences(textMarkers, nuisance, sourceBalanced, adversarialWeight, rankingWeight))
                .selectOn(EpochSelection.of(selectOn))
                .build();
    }
}
