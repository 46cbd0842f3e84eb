package org.covidcxr.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.Preprocessor;
import org.covidcxr.inference.network.Architecture;
import org.covidcxr.inference.training.SavedModelExporter;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelCard;
import org.covidcxr.modelstore.ModelCards;
import org.covidcxr.modelstore.ModelStore;

/**
 * A model store with an active model for the workstation tests: the project's bundled default model when
 * {@code model-store/models/} holds one (real model), else a tiny randomly initialised network exported through the
 * real SavedModel path (same serving code, meaningless probabilities).
 */
public final class TestModels {
    private static final int TINY_INPUT = 64;

    private TestModels() {
    }

    public static ModelStore storeWithActiveModel(Path root) throws IOException {
        ModelStore store = ModelStore.open(root); // seeds the bundled default model when there is one
        if (store.activeVersion().isPresent()) {
            return store;
        }
        Path bundled = defaultBundle();
        Path folder = bundled != null ? bundled : tinyBundle(root.resolveSibling(root.getFileName() + "-tiny"));
        ModelBundle bundle = store.publish(folder);
        store.activate(bundle.version());
        return store;
    }

    private static Path defaultBundle() throws IOException {
        Path models = Path.of("..", "model-store", "models");
        if (!Files.isDirectory(models)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(models)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(ModelBundle.CARD_FILE))).sorted()
                    .reduce((a, b) -> b).orElse(null);
        }
    }

    /** A sealed bundle folder of a tiny randomly initialised ResNet (version {@code 0.0.1-test}). */
    public static Path tinyBundle(Path bundle) throws IOException {
        return tinyBundle(bundle, "0.0.1-test", 0.3, Map.of());
    }

    /**
     * A tiny model (version {@code 0.0.2-indeterminate}) whose card flags every image (operating threshold 0) and never
     * finds a COVID-19 call reliable (confident threshold above 1): every verdict is indeterminate.
     */
    public static Path indeterminateBundle(Path bundle) throws IOException {
        return tinyBundle(bundle, "0.0.2-indeterminate", 0.0, Map.of(ModelCard.SELECTIVE_METRIC,
                Map.of("confidentThreshold", 2.0, "rule", "test: no call is reliable")));
    }

    private static Path tinyBundle(Path bundle, String version, double threshold, Map<String, Object> metrics)
            throws IOException {
        SavedModelExporter.export(Architecture.byName("resnet", 4), TINY_INPUT, 1.5f,
                new SavedModelExporter.Weights.Random(3), bundle.resolve(ModelBundle.SAVED_MODEL_DIR));
        ModelCards.write(new ModelCard(version, "resnet-w4", ModelSignature.CLASSES,
                new ModelCard.InputSpec(TINY_INPUT, TINY_INPUT, 1, ModelCard.InputSpec.DEFAULT_TENSOR_NAME,
                        ModelCard.InputSpec.DEFAULT_DTYPE),
                new ModelCard.Preprocessing(new Preprocessor(TINY_INPUT).description(), Map.of()), threshold, 1.5,
                null, metrics, ModelCard.DEFAULT_INTENDED_USE, List.of(), null, Instant.EPOCH, "test", ""),
                bundle.resolve(ModelBundle.CARD_FILE));
        ModelBundles.seal(bundle);
        return bundle;
    }

    /**
     * A sealed fake bundle whose card says it failed its acceptance criteria at the site and was published with an
     * override, as a site model published anyway is.
     */
    public static Path failedSiteBundle(Path parent, String version) throws IOException {
        Path dir = fakeBundle(parent, version);
        ModelCard card = ModelCards.read(dir.resolve(ModelBundle.CARD_FILE));
        ModelCards.write(new ModelCard(card.version(), card.architecture(), card.classes(), card.input(),
                card.preprocessing(), card.operatingThreshold(), card.temperature(), card.trainingData(),
                Map.of(ModelCard.ACCEPTANCE_METRIC, Map.of("passed", false, "override", true, "criteria", List.of(
                        Map.of("name", "COVID-19 AUROC", "passed", false, "reason", "Failed: worse by more than "
                                + "the allowed 0.05.")))),
                card.intendedUse(), card.limitations(), "1.0.0", card.createdAt(), "trainer", card.notes()),
                dir.resolve(ModelBundle.CARD_FILE));
        return ModelBundles.seal(dir).directory();
    }

    /**
     * A sealed bundle folder {@code parent/src-<version>} with random bytes for weights: enough for everything but
     * running it (store, Models view, command line).
     */
    public static Path fakeBundle(Path parent, String version) throws IOException {
        Path dir = parent.resolve("src-" + version);
        Random random = new Random(version.hashCode());
        Files.createDirectories(dir.resolve("saved_model/variables"));
        for (String file : List.of(ModelBundle.SAVED_MODEL_PB, "saved_model/variables/variables.index",
                "saved_model/variables/variables.data-00000-of-00001")) {
            byte[] bytes = new byte[1000];
            random.nextBytes(bytes);
            Files.write(dir.resolve(file), bytes);
        }
        ModelCards.write(new ModelCard(version, "resnet-small", ModelCard.DEFAULT_CLASSES,
                new ModelCard.InputSpec(224, 224, 1, "image", "float32"), null, 0.42, 1.0, null, Map.of(),
                ModelCard.DEFAULT_INTENDED_USE, List.of(), null, Instant.parse("2026-01-01T00:00:00Z"), "test", ""),
                dir.resolve(ModelBundle.CARD_FILE));
        return ModelBundles.seal(dir).directory();
    }

    /** The shared data folder, as the parent POM passes it. */
    public static Path sharedData() {
        return Path.of(System.getProperty("covidcxr.shared.data", "../shared/data"));
    }
}
