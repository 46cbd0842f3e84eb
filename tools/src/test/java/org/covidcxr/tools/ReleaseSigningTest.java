package org.covidcxr.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.covidcxr.files.FileTrees;
import org.covidcxr.modelstore.BundleSignature;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release key is made once, readable by its owner only, never overwritten, and signs shipped bundles. */
class ReleaseSigningTest {

    @TempDir
    Path tmp;

    @Test
    void aNewReleaseKeySignsACopyOfAShippedBundleSoThatItVerifies() throws IOException {
        Path key = tmp.resolve("release.key");
        String printed = run("release-key", "generate", "--out", key.toString(), "--signer", "test release");
        String fingerprint = SigningKey.read(key).fingerprint();
        assertThat(printed).as("the public half, for release-keys.json").contains(fingerprint, "test release")
                .doesNotContain("privateKey");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("r--------");
        assertThat(Tools.commandLine().execute("release-key", "generate", "--out", key.toString()))
                .as("a key is never overwritten").isNotZero();

        Path bundle = tmp.resolve("1.0.0");
        FileTrees.copy(Path.of("..", "model-store", "models", "1.0.0"), bundle);
        assertThat(run("release-key", "sign", "--key", key.toString(), bundle.toString())).contains(fingerprint);
        assertThat(ModelBundles.verify(bundle).problems()).isEmpty();
        assertThat(Files.readString(bundle.resolve(BundleSignature.FILE_NAME))).contains("test release");
    }

    private static String run(String... args) {
        PrintStream before = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Tools.commandLine().execute(args)).isZero();
        } finally {
            System.setOut(before);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
