package org.covidcxr.modelstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Builds small fake bundles: the store never runs a model, so random bytes stand in for the SavedModel. */
public final class TestBundles {

    static final String VARIABLES = "saved_model/variables/variables.data-00000-of-00001";
    /** Signs the test bundles that stand for models from elsewhere (another site); no store trusts it at first. */
    public static final SigningKey SENDER = SigningKey.generate("test sender");

    private TestBundles() {
    }

    static ModelCard card(String version, String parent) {
        return new ModelCard(version, "resnet-small", ModelCard.DEFAULT_CLASSES,
                new ModelCard.InputSpec(224, 224, 1, ModelCard.InputSpec.DEFAULT_TENSOR_NAME,
                        ModelCard.InputSpec.DEFAULT_DTYPE),
                new ModelCard.Preprocessing("percentile clip, letterbox, standardise",
                        Map.of("clipLow", 0.5, "clipHigh", 99.5)),
                0.42, 1.3,
                new ModelCard.TrainingData("test data", Map.of("train", Map.of("covid", 10, "normal", 12)),
                        Map.of("ieee8023", Map.of("covid", 10))),
                Map.of("overall", Map.of("aurocCovid", 0.97, "ci95", List.of(0.95, 0.99))),
                ModelCard.DEFAULT_INTENDED_USE, List.of("source bias"), parent,
                Instant.parse("2026-01-02T03:04:05Z"), "tests", "fake bundle");
    }

    /** A sealed bundle folder {@code parent/<version>-src} with about {@code variablesBytes} of weights. */
    public static Path sealed(Path parent, String version, int variablesBytes) throws IOException {
        Path dir = parent.resolve(version + "-src");
        write(dir, version, variablesBytes, new Random(version.hashCode()));
        ModelBundles.seal(dir);
        return dir;
    }

    /** As {@link #sealed}, signed by {@link #SENDER}. */
    public static Path signed(Path parent, String version, int variablesBytes) throws IOException {
        Path dir = sealed(parent, version, variablesBytes);
        SENDER.sign(dir);
        return dir;
    }

    /** The user's explicit trust in {@link #SENDER}'s key, as an import takes it. */
    public static Optional<String> trustSender() {
        return Optional.of(SENDER.fingerprint());
    }

    static void write(Path dir, String version, int variablesBytes, Random random) throws IOException {
        Files.createDirectories(dir.resolve("saved_model/variables"));
        Files.write(dir.resolve(ModelBundle.SAVED_MODEL_PB), bytes(random, 2048));
        Files.write(dir.resolve(VARIABLES), bytes(random, variablesBytes));
        Files.write(dir.resolve("saved_model/variables/variables.index"), bytes(random, 256));
        ModelCards.write(card(version, null), dir.resolve(ModelBundle.CARD_FILE));
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** A store with no bundled models. */
    public static ModelStore emptyStore(Path root) {
        return ModelStore.open(root, ModelStore.Settings.defaults().withBundledModels(BundledModels.none()));
    }
}
