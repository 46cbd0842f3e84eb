package org.covidcxr.modelstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Integrity is not authenticity: a bundle whose files were edited and whose checksums were computed again passes its
 * checksums, so imports also need a signature by a key the store trusts, and the user's trust in a new key is a
 * recorded change.
 */
class BundleSigningTest {

    @TempDir
    Path tmp;
    private ModelStore store;
    private final List<ModelStoreEvent> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        store = ModelStore.open(tmp.resolve("store"), ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.none()).withListener(events::add));
    }

    @Test
    void everyShippedBundleIsSignedByTheReleaseKey() throws IOException {
        BundledModels shipped = BundledModels.fromClasspath(getClass().getClassLoader());
        assertThat(shipped.versions()).isNotEmpty();
        List<String> release = TrustedKeys.release().stream().map(TrustedKey::fingerprint).toList();
        assertThat(release).as("the project's release key").hasSize(1);
        for (String version : shipped.versions()) {
            Path copy = Files.createDirectories(tmp.resolve("shipped").resolve(version));
            shipped.copyTo(version, copy);
            assertThat(ModelBundles.verify(copy).problems()).as(version).isEmpty();
            assertThat(BundleSignature.read(copy)).as(version + " is signed").get()
                    .extracting(BundleSignature::fingerprint).isIn(release);
        }
    }

    @Test
    void aSeededModelTravelsWithItsReleaseSignatureAndImportsElsewhereWithoutQuestions() {
        ModelStore seeded = ModelStore.open(tmp.resolve("seeded"), ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.fromClasspath(getClass().getClassLoader())));
        String version = seeded.requireActive().version();
        Path zip = tmp.resolve(version + ".zip");
        seeded.exportZip(version, zip);

        assertThat(store.importBundle(zip).version()).isEqualTo(version);
        assertThat(events).extracting(ModelStoreEvent::type).containsExactly(ModelStoreEvent.Type.IMPORTED);
        assertThat(events.get(0).signingKey()).get().asString().contains("COVID-CXR release key")
                .contains(TrustedKeys.release().get(0).fingerprint());
    }

    @Test
    void aBundleEditedAndSealedAgainAfterSigningIsRefused() throws IOException {
        Path bundle = TestBundles.signed(tmp, "1.0.0", 3000);
        editThreshold(bundle);
        ChecksumManifest.write(bundle); // the checksums now agree with the edit; the signature cannot
        assertThat(ModelBundles.verify(bundle).problems()).extracting(BundleProblem::kind)
                .containsExactly(BundleProblem.Kind.SIGNATURE);

        Path zip = exported(bundle);
        assertThatThrownBy(() -> store.importBundle(zip, TestBundles.trustSender()))
                .isInstanceOf(BundleIntegrityException.class)
                .hasMessageContaining(BundleSignature.FILE_NAME).hasMessageContaining("sealed again after test sender");
        assertNothingAdded();
    }

    @Test
    void anEditedBundleWithoutSignatureOrSignedByAnotherKeyIsRefusedUntilTheUserTrustsThatKey() throws IOException {
        Path bundle = TestBundles.signed(tmp, "1.0.0", 3000);
        editThreshold(bundle);
        ModelBundles.seal(bundle); // sealing drops the signature it would contradict
        Path unsigned = exported(bundle);
        assertThatThrownBy(() -> store.importBundle(unsigned, TestBundles.trustSender()))
                .isInstanceOfSatisfying(UntrustedBundleException.class, e -> assertThat(e.signature()).isEmpty())
                .hasMessageContaining("is not signed").hasMessageContaining("models publish");

        SigningKey forger = SigningKey.generate("COVID-CXR release key"); // a name proves nothing
        forger.sign(bundle);
        assertThatThrownBy(() -> store.publish(bundle)).as("publishing would re-sign it with the site's key unchecked")
                .isInstanceOf(ModelStoreException.class).hasMessageContaining("import it");
        Path forged = tmp.resolve("forged.zip");
        Files.move(exported(bundle), forged);
        assertThatThrownBy(() -> store.importBundle(forged))
                .isInstanceOf(UntrustedBundleException.class).hasMessageContaining(forger.fingerprint())
                .hasMessageContaining("--trust-key");
        assertThatThrownBy(() -> store.importBundle(forged, TestBundles.trustSender()))
                .as("trust in another key does not admit it").isInstanceOf(UntrustedBundleException.class);
        assertNothingAdded();
    }

    @Test
    void aSignerNameWithControlCharactersIsRefusedBeforeAnyoneIsAskedToTrustIt() throws IOException {
        Path bundle = TestBundles.sealed(tmp, "1.0.0", 3000);
        SigningKey.generate("release key\u001b[2J\nTrust me").sign(bundle);
        assertThat(ModelBundles.verify(bundle).problems()).extracting(BundleProblem::kind)
                .containsExactly(BundleProblem.Kind.SIGNATURE);
        assertThatThrownBy(() -> store.importBundle(exported(bundle))).isInstanceOf(BundleIntegrityException.class)
                .hasMessageContaining("control characters");
    }

    @Test
    void trustingASendersKeyIsARecordedChangeAndAdmitsItsLaterBundles() throws IOException {
        Path first = exported(TestBundles.signed(tmp, "1.0.0", 3000));
        assertThatThrownBy(() -> store.importBundle(first)).isInstanceOf(UntrustedBundleException.class);

        String typed = TestBundles.SENDER.fingerprint().toUpperCase().replaceAll("(.{4})", "$1 ");
        assertThat(store.importBundle(first, Optional.of(typed)).version()).isEqualTo("1.0.0");
        assertThat(store.importBundle(exported(TestBundles.signed(tmp, "1.1.0", 3000))).version())
                .as("a key trusted once stays trusted").isEqualTo("1.1.0");

        String sender = "test sender (key " + TestBundles.SENDER.fingerprint() + ")";
        assertThat(events).extracting(ModelStoreEvent::type, ModelStoreEvent::version, e -> e.signingKey().orElse(""))
                .containsExactly(tuple(ModelStoreEvent.Type.KEY_TRUSTED, "1.0.0", sender),
                        tuple(ModelStoreEvent.Type.IMPORTED, "1.0.0", sender),
                        tuple(ModelStoreEvent.Type.IMPORTED, "1.1.0", sender));
        assertThat(store.trustedKeys()).extracting(TrustedKey::fingerprint).contains(TestBundles.SENDER.fingerprint());
    }

    @Test
    void aSignedBundleChangedInsideTheStoreIsNeverHandedOut() throws IOException {
        store.publish(TestBundles.sealed(tmp, "1.0.0", 3000));
        Path stored = store.root().resolve("1.0.0");
        editThreshold(stored);
        ChecksumManifest.write(stored);
        assertThatThrownBy(() -> store.activate("1.0.0")).isInstanceOf(BundleIntegrityException.class)
                .hasMessageContaining(BundleSignature.FILE_NAME);
        assertThat(store.activeVersion()).isEmpty();
    }

    @Test
    void aSitesPublishedModelImportsAtAnotherSiteOnceThatSiteTrustsItsKey() {
        ModelStore other = TestBundles.emptyStore(tmp.resolve("other-site"));
        other.publish(uncheckedSealed("2.0.0-site"));
        Path zip = tmp.resolve("2.0.0-site.zip");
        other.exportZip("2.0.0-site", zip);
        TrustedKey otherKey = other.siteKey().orElseThrow();
        assertThat(otherKey.signer()).startsWith("site key of ");

        assertThatThrownBy(() -> store.importBundle(zip)).isInstanceOf(UntrustedBundleException.class)
                .hasMessageContaining(otherKey.fingerprint());
        assertThat(store.importBundle(zip, Optional.of(otherKey.fingerprint())).version()).isEqualTo("2.0.0-site");
    }

    private Path uncheckedSealed(String version) {
        try {
            return TestBundles.sealed(tmp, version, 2000);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void editThreshold(Path bundle) {
        Path card = bundle.resolve(ModelBundle.CARD_FILE);
        ModelCard edited = ModelCards.read(card);
        ModelCards.write(new ModelCard(edited.version(), edited.architecture(), edited.classes(), edited.input(),
                edited.preprocessing(), 0.999, edited.temperature(), edited.trainingData(), edited.metrics(),
                edited.intendedUse(), edited.limitations(), edited.parentVersion(), edited.createdAt(),
                edited.createdBy(), edited.notes()), card);
    }

    private Path exported(Path bundle) throws IOException {
        ModelStore scratch = TestBundles.emptyStore(Files.createTempDirectory(tmp, "scratch"));
        Path zip = Files.createTempDirectory(tmp, "zip").resolve("bundle.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (String file : ModelBundles.filesToCopy(bundle)) {
                out.putNextEntry(new java.util.zip.ZipEntry("bundle/" + file));
                Files.copy(bundle.resolve(file), out);
                out.closeEntry();
            }
        }
        assertThat(scratch.list()).isEmpty();
        return zip;
    }

    private void assertNothingAdded() {
        assertThat(store.list()).isEmpty();
        assertThat(store.trustedKeys()).extracting(TrustedKey::fingerprint)
                .doesNotContain(TestBundles.SENDER.fingerprint());
        assertThat(events).isEmpty();
    }
}
