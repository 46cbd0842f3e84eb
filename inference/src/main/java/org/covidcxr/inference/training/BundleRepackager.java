package org.covidcxr.inference.training;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.covidcxr.inference.Preprocessor;
import org.covidcxr.inference.TensorFlowRuntime;
import org.covidcxr.inference.evaluation.SelectiveVerdict;
import org.covidcxr.inference.FileTrees;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelCard;
import org.covidcxr.modelstore.ModelCards;

/**
 * A new version of an existing model whose network stays exactly as it was, with what a newer product adds around
 * it: the selective verdict chosen on {@code val} (where the network cannot tell COVID-19 from other pneumonia within
 * COVID-19's own source, it says so), the lung segmenter for the pixel gate, and the shortcut audit on {@code test}.
 * Used when no retrained network passed its selection rule, so the default stays the same network but gains the
 * safety around it.
 *
 * <pre>java … BundleRepackager --from model-store/models/1.1.0 --version 1.1.1 --data ../shared/data/cxr
 *     --lung-segmenter DIR --out target/repackaged [--note "why"] [--limitation "one more the card states"]</pre>
 */
public final class BundleRepackager {

    private BundleRepackager() {
    }

    public static void main(String[] args) throws IOException {
        TensorFlowRuntime.prepareEnvironment();
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        ModelBundle from = ModelBundles.open(Path.of(a.get("from")));
        Path data = Path.of(a.getOrDefault("data", "../shared/data/cxr"));
        Path bundle = Path.of(a.getOrDefault("out", "target/repackaged")).resolve("bundle");
        FileTrees.delete(bundle);
        FileTrees.copy(from.savedModelDirectory(), bundle.resolve(ModelBundle.SAVED_MODEL_DIR));
        ModelCard old = from.card();
        int size = old.input().height();
        List<LabelledImage> all = Datasets.load(data);
        int threads = Runtime.getRuntime().availableProcessors();
        PreparedDataset val = PreparedDataset.prepare(Datasets.split(all, Datasets.VAL), new Preprocessor(size),
                threads);
        SelectiveVerdict.Choice selective = SelectiveVerdict.choose(ExportedModelPredictions.predict(
                bundle.resolve(ModelBundle.SAVED_MODEL_DIR), val), old.operatingThreshold());
        Map<String, Object> metrics = new LinkedHashMap<>(old.metrics());
        metrics.put(ModelCard.SELECTIVE_METRIC, selective.toCardMetric());
        metrics.put("lungSegmenter", LungSegmenterCopy.into(Path.of(a.get("lung-segmenter")), bundle));
        List<String> limitations = new ArrayList<>(old.limitations());
        if (a.containsKey("limitation")) {
            limitations.add(a.get("limitation"));
        }
        String version = a.get("version");
        ModelCard card = new ModelCard(version, old.architecture(), old.classes(), old.input(), old.preprocessing(),
                old.operatingThreshold(), old.temperature(), old.trainingData(), metrics, old.intendedUse(),
                limitations, old.version(), Instant.now(), "BundleRepackager", "The network, temperature and "
                + "operating threshold of " + old.version() + " unchanged; added: the selective verdict, the lung "
                + "segmenter (pixel gate) and the shortcut audit on test. " + a.getOrDefault("note", "") + " "
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
    }
}
