package org.covidcxr.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.covidcxr.files.FileTrees;
import org.covidcxr.inference.Preprocessor;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.data.PreparedDataset;
import org.covidcxr.inference.evaluation.ExportedModelPredictions;
import org.covidcxr.inference.evaluation.SelectiveVerdict;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelCard;
import org.covidcxr.modelstore.ModelCards;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A new version of an existing model whose network stays exactly as it was, with what a newer product adds around
 * it: the selective verdict chosen on {@code val} (where the network cannot tell COVID-19 from other pneumonia within
 * COVID-19's own source, it says so), the lung segmenter for the pixel gate, and the shortcut audit on {@code test}.
 * Used when no retrained network passed its selection rule, so the default stays the same network but gains the
 * safety around it.
 */
@Command(name = "repackage",
        description = "A new version of a model, same network, with the selective verdict, the lung segmenter and "
                + "the shortcut audit on test added; sealed in OUT/bundle.")
public final class BundleRepackager implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "BUNDLE", description = "The model to repackage.")
    private Path from;

    @Option(names = "--version", required = true, paramLabel = "V", description = "Version of the new bundle.")
    private String version;

    @Option(names = "--lung-segmenter", required = true, paramLabel = "DIR",
            description = "A segmenter exported by train-segmenter.")
    private Path lungSegmenter;

    @Option(names = "--data", defaultValue = "../shared/data/cxr", paramLabel = "DIR",
            description = "Labelled data set; lung masks are read from lung-masks beside it "
                    + "(default: ${DEFAULT-VALUE}).")
    private Path data;

    @Option(names = "--out", defaultValue = "target/repackaged", paramLabel = "DIR",
            description = "The bundle goes to OUT/bundle (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--note", defaultValue = "", description = "Why, for the card's notes.")
    private String note;

    @Option(names = "--limitation", description = "One more limitation the card states.")
    private String limitation;

    // Not mixinStandardHelpOptions: its --version would clash with the bundle's.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Override
    public Integer call() throws IOException {
        ModelBundle source = ModelBundles.open(from);
        Path bundle = out.resolve("bundle");
        FileTrees.delete(bundle);
        FileTrees.copy(source.savedModelDirectory(), bundle.resolve(ModelBundle.SAVED_MODEL_DIR));
        ModelCard old = source.card();
        int size = old.input().height();
        List<LabelledImage> all = Datasets.load(data);
        int threads = Runtime.getRuntime().availableProcessors();
        PreparedDataset val = PreparedDataset.prepare(Datasets.split(all, Datasets.VAL), new Preprocessor(size),
                threads);
        SelectiveVerdict.Choice selective = SelectiveVerdict.choose(ExportedModelPredictions.predict(
                bundle.resolve(ModelBundle.SAVED_MODEL_DIR), val), old.operatingThreshold());
        Map<String, Object> metrics = new LinkedHashMap<>(old.metrics());
        metrics.put(ModelCard.SELECTIVE_METRIC, selective.toCardMetric());
        metrics.put("lungSegmenter", LungSegmenterCopy.into(lungSegmenter, bundle));
        List<String> limitations = new ArrayList<>(old.limitations());
        if (limitation != null) {
            limitations.add(limitation);
        }
        ModelCard card = new ModelCard(version, old.architecture(), old.classes(), old.input(), old.preprocessing(),
                old.operatingThreshold(), old.temperature(), old.trainingData(), metrics, old.intendedUse(),
                limitations, old.version(), Instant.now(), "BundleRepackager", "The network, temperature and "
                + "operating threshold of " + old.version() + " unchanged; added: the selective verdict, the lung "
                + "segmenter (pixel gate) and the shortcut audit on test. " + note + " "
                + selective.rule() + " Notes of " + old.version() + ": " + old.notes());
        PreparedDataset test = PreparedDataset.prepare(Datasets.split(all, Datasets.TEST), new Preprocessor(size),
                threads);
        metrics.putAll(TestSplitEvaluation.run(bundle, card, data, test, Optional.of(data.toAbsolutePath()
                .resolveSibling("lung-masks"))));
        ModelCards.write(new ModelCard(card.version(), card.architecture(), card.classes(), card.input(),
                card.preprocessing(), card.operatingThreshold(), card.temperature(), card.trainingData(), metrics,
                card.intendedUse(), card.limitations(), card.parentVersion(), card.createdAt(), card.createdBy(),
                card.notes()), bundle.resolve(ModelBundle.CARD_FILE));
        ModelBundle sealed = ModelBundles.seal(bundle);
        System.out.println("selective verdict: " + selective.rule());
        System.out.println("sealed bundle " + sealed.directory() + " (" + sealed.version() + ")");
        return 0;
    }
}
