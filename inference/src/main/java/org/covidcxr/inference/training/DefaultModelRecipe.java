package org.covidcxr.inference.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.covidcxr.inference.Preprocessor;
import org.covidcxr.inference.TensorFlowRuntime;
import org.covidcxr.inference.audit.ShortcutAudit;
import org.covidcxr.inference.network.Architecture;
import org.covidcxr.inference.network.Ensemble;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelCard;
import org.covidcxr.modelstore.ModelCards;

/**
 * Reproduces the shipped default model: trains every candidate architecture on {@code train} with the same seed
 * and settings, picks the one with the best validation macro AUROC (with {@code --members k > 1}: trains k − 1 further
 * networks of it with the next seeds and joins them into a deep ensemble, {@link Ensemble}), calibrates and exports
 * it, evaluates it once on {@code test} (overall and per source) and audits it there for shortcuts
 * ({@link ShortcutAudit}, with the lung masks beside the data set), writes both reports into the bundle and their
 * digests into the model card, and seals the bundle. Interrupted runs resume (every run has its own folder).
 *
 * <pre>java … DefaultModelRecipe --data ../shared/data/cxr --out target/default-model [--epochs 40] [--patience 10]
 *     [--input-size 160] [--width 16] [--threads 2] [--seed 1] [--archs resnet,vgg] [--members 1] [--version 1.0.0]
 *     [--text-markers false] [--nuisance false] [--source-balanced false] [--adversarial-weight 0]
 *     [--ranking-weight 0] [--select-on macro-auroc|within-source]   ({@link ShortcutDefences}, {@link EpochSelection})
 *     [--evaluate-test false: stop after validation, leave the bundle unsealed]
 *     [--lung-segmenter DIR: a segmenter exported by LungSegmenterTrainer, shipped in the bundle for the pixel gate]</pre>
 */
public final class DefaultModelRecipe {

    private DefaultModelRecipe() {
    }

    public static void main(String[] args) throws IOException {
        TensorFlowRuntime.prepareEnvironment();
        Map<String, String> a = options(args);
        Path data = Path.of(a.getOrDefault("data", "../shared/data/cxr"));
        Path out = Path.of(a.getOrDefault("out", "target/default-model"));
        String version = a.getOrDefault("version", "1.0.0");
        List<String> archs = List.of(a.getOrDefault("archs", "resnet,vgg").split(","));
        ConsoleProgress progress = new ConsoleProgress(System.out, 10);

        List<LabelledImage> all = Datasets.load(data);
        long seed = Long.parseLong(a.getOrDefault("seed", "1"));
        int members = Integer.parseInt(a.getOrDefault("members", "1"));
        TrainingConfig base = config(a, data, out.resolve(archs.get(0)), seed);
        PreparedDataset[] splits = Trainer.prepare(base, all);
        List<Trainer.Result> runs = new ArrayList<>();
        for (String arch : archs) {
            runs.add(train(progress, config(a, data, out.resolve(arch), seed), arch, splits));
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
                ensemble.add(train(progress, config(a, data, out.resolve(arch + "-seed" + (seed + m)), seed + m),
                        arch, splits));
            }
            Ensemble architecture = new Ensemble(best.architecture(), members);
            candidate = ensembleCandidate(architecture, ensemble, config(a, data, out.resolve(architecture.name()),
                    seed));
        }
        ModelFinisher.Finished finished = ModelFinisher.finish(candidate, version, Optional.empty(),
                "DefaultModelRecipe", TrainingRun.LIMITATIONS, why.toString());
        System.out.println("validation: " + ModelFinisher.summary(finished.validation()).get("overall"));
        if (!Boolean.parseBoolean(a.getOrDefault("evaluate-test", "true"))) {
            System.out.println("unsealed bundle " + finished.bundle() + " (test split not evaluated)");
            return;
        }
        PreparedDataset test = PreparedDataset.prepare(Trainer.limit(Datasets.split(all, Datasets.TEST),
                base.limitPerClass()), new Preprocessor(base.inputSize()), base.threads());
        ModelCard card = finished.card();
        Map<String, Object> metrics = new LinkedHashMap<>(card.metrics());
        metrics.putAll(TestSplitEvaluation.run(finished.bundle(), card, data, test, Optional.of(Path.of(
                a.getOrDefault("lung-masks", data.toAbsolutePath().resolveSibling("lung-masks").toString())))));
        if (a.containsKey("lung-segmenter")) {
            metrics.put("lungSegmenter", LungSegmenterCopy.into(Path.of(a.get("lung-segmenter")), finished.bundle()));
        }
        ModelCard withTest = new ModelCard(card.version(), card.architecture(), card.classes(), card.input(),
                card.preprocessing(), card.operatingThreshold(), card.temperature(), card.trainingData(), metrics,
                card.intendedUse(), card.limitations(), card.parentVersion(), card.createdAt(), card.createdBy(),
                card.notes());
        ModelCards.write(withTest, finished.bundle().resolve(ModelBundle.CARD_FILE));
        ModelBundle bundle = ModelBundles.seal(finished.bundle());
        System.out.println("test report: " + finished.bundle().resolve("evaluation-test"));
        System.out.println("sealed bundle " + bundle.directory() + " (" + bundle.version() + ")");
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

    private static TrainingConfig config(Map<String, String> a, Path data, Path out, long seed) {
        return TrainingConfig.builder(data, out)
                .epochs(Integer.parseInt(a.getOrDefault("epochs", "40")))
                .patience(Integer.parseInt(a.getOrDefault("patience", "10")))
                .inputSize(Integer.parseInt(a.getOrDefault("input-size", String.valueOf(TrainingConfig.DEFAULT_INPUT_SIZE))))
                .width(Integer.parseInt(a.getOrDefault("width", String.valueOf(TrainingConfig.DEFAULT_WIDTH))))
                .threads(Integer.parseInt(a.getOrDefault("threads", "2")))
                .seed(seed)
                .limitPerClass(Integer.parseInt(a.getOrDefault("limit-per-class", "0")))
                .defences(new ShortcutDefences(Boolean.parseBoolean(a.getOrDefault("text-markers", "false")),
                        Boolean.parseBoolean(a.getOrDefault("nuisance", "false")),
                        Boolean.parseBoolean(a.getOrDefault("source-balanced", "false")),
                        Double.parseDouble(a.getOrDefault("adversarial-weight", "0")),
                        Double.parseDouble(a.getOrDefault("ranking-weight", "0"))))
                .selectOn(EpochSelection.of(a.getOrDefault("select-on", "macro-auroc")))
                .build();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            out.put(args[i].substring(2), args[++i]);
        }
        return out;
    }
}
