package org.covidcxr.modelstore;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelBundlesTest {

    @TempDir
    Path dir;
    Path bundle;

    @BeforeEach
    void sealOne() throws IOException {
        bundle = TestBundles.sealed(dir, "1.0.0", 10_000);
    }

    @Test
    void sealedBundleVerifiesAndItsManifestIsSha256sumCompatible() throws Exception {
        ModelBundle b = ModelBundles.open(bundle);

        assertThat(b.version()).isEqualTo("1.0.0");
        assertThat(b.savedModelDirectory()).isEqualTo(bundle.toAbsolutePath().resolve("saved_model"));
        String manifest = Files.readString(bundle.resolve(ModelBundle.MANIFEST_FILE));
        String expected = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(bundle.resolve(ModelBundle.CARD_FILE))));
        assertThat(manifest.lines()).containsExactly(
                ChecksumManifest.sha256(bundle.resolve(ModelBundle.CARD_FILE)) + "  model-card.json",
                ChecksumManifest.sha256(bundle.resolve(ModelBundle.SAVED_MODEL_PB)) + "  saved_model/saved_model.pb",
                ChecksumManifest.sha256(bundle.resolve(TestBundles.VARIABLES)) + "  " + TestBundles.VARIABLES,
                ChecksumManifest.sha256(bundle.resolve("saved_model/variables/variables.index"))
                        + "  saved_model/variables/variables.index");
        assertThat(manifest).startsWith(expected);
    }

    @Test
    void oneChangedByteInTheVariablesIsFoundAndNamed() throws Exception {
        byte[] data = Files.readAllBytes(bundle.resolve(TestBundles.VARIABLES));
        data[data.length / 2] ^= 1;
        Files.write(bundle.resolve(TestBundles.VARIABLES), data);

        assertThat(ModelBundles.verify(bundle).problems()).extracting(BundleProblem::kind, BundleProblem::file)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(BundleProblem.Kind.MODIFIED, TestBundles.VARIABLES));
        assertThatThrownBy(() -> ModelBundles.open(bundle)).isInstanceOf(BundleIntegrityException.class)
                .hasMessageContaining(TestBundles.VARIABLES).hasMessageContaining("SHA-256 mismatch");
    }

    @Test
    void aDeletedFileIsFoundAndNamed() throws Exception {
        Files.delete(bundle.resolve("saved_model/variables/variables.index"));

        assertThatThrownBy(() -> ModelBundles.open(bundle)).isInstanceOf(BundleIntegrityException.class)
                .hasMessageContaining("saved_model/variables/variables.index: listed in checksums.sha256 but missing");
    }

    @Test
    void anAddedFileIsFoundAndNamed() throws Exception {
        Files.writeString(bundle.resolve("saved_model/extra.txt"), "surprise");

        assertThatThrownBy(() -> ModelBundles.open(bundle)).isInstanceOf(BundleIntegrityException.class)
                .hasMessageContaining("saved_model/extra.txt: not listed in checksums.sha256");
    }

    @Test
    void aMissingOrBrokenManifestIsReported() throws Exception {
        Files.writeString(bundle.resolve(ModelBundle.MANIFEST_FILE), "abc  ../../etc/passwd\n");
        assertThatThrownBy(() -> ModelBundles.open(bundle)).hasMessageContaining("checksums.sha256 line 1 is malformed");

        Files.delete(bundle.resolve(ModelBundle.MANIFEST_FILE));
        assertThatThrownBy(() -> ModelBundles.open(bundle)).hasMessageContaining("checksums.sha256 is missing");
    }

    @Test
    void linksAreRefused() throws Exception {
        Path outside = Files.writeString(dir.resolve("outside.txt"), "x");
        Files.createSymbolicLink(bundle.resolve("saved_model/link"), outside);

        assertThat(ModelBundles.verify(bundle).problems()).extracting(BundleProblem::kind)
                .contains(BundleProblem.Kind.NOT_A_REGULAR_FILE);
        assertThatThrownBy(() -> ModelBundles.seal(bundle)).hasMessageContaining("links or special files");
    }

    @Test
    void sealingNeedsTheCardAndTheSavedModel() throws Exception {
        Files.delete(bundle.resolve(ModelBundle.SAVED_MODEL_PB));
        assertThatThrownBy(() -> ModelBundles.seal(bundle)).hasMessageContaining("saved_model/saved_model.pb is missing");

        Files.delete(bundle.resolve(ModelBundle.CARD_FILE));
        assertThatThrownBy(() -> ModelBundles.seal(bundle)).hasMessageContaining("model-card.json");
    }
}
