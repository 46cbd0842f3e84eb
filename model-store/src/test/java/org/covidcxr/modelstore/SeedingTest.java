package org.covidcxr.modelstore;

import org.covidcxr.files.FileTrees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** A fresh machine (empty user data folder) gets the bundled default model, verified and active. */
class SeedingTest {

    @TempDir
    Path tmp;

    @Test
    void seedsFromAnInstallFolderAndActivatesTheNewest() throws IOException {
        Path install = installFolder("1.0.0", "1.2.0");
        List<ModelStoreEvent> events = new ArrayList<>();

        ModelStore store = ModelStore.open(tmp.resolve("fresh"), ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.fromDirectory(install)).withListener(events::add));

        assertThat(store.list()).extracting(BundleSummary::version).containsExactly("1.0.0", "1.2.0");
        assertThat(store.requireActive().version()).isEqualTo("1.2.0");
        assertThat(store.verify()).allMatch(VerificationReport::ok);
        assertThat(events).extracting(ModelStoreEvent::type, ModelStoreEvent::version).containsExactly(
                tuple(ModelStoreEvent.Type.SEEDED, "1.0.0"), tuple(ModelStoreEvent.Type.SEEDED, "1.2.0"),
                tuple(ModelStoreEvent.Type.ACTIVATED, "1.2.0"));
    }

    @Test
    void aFirstSeedingCutShortIsFinishedAtTheNextOpen() throws IOException {
        Path install = installFolder("1.0.0", "1.2.0");
        ModelStore.Settings settings = ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.fromDirectory(install));
        Path root = tmp.resolve("store");
        ModelStore.open(root, settings);
        assertThat(root.resolve(".seeding")).doesNotExist();
        // As after a crash between adding the bundles and activating the newest: 1.2.0 never arrived.
        Files.createFile(root.resolve(".seeding"));
        Files.delete(root.resolve("active.json"));
        Files.delete(root.resolve("bundled.json"));
        FileTrees.delete(root.resolve("1.2.0"));

        ModelStore reopened = ModelStore.open(root, settings);

        assertThat(reopened.list()).extracting(BundleSummary::version).containsExactly("1.0.0", "1.2.0");
        assertThat(reopened.activeVersion()).contains("1.2.0");
        assertThat(reopened.verify()).allMatch(VerificationReport::ok);
        assertThat(root.resolve(".seeding")).doesNotExist();
    }

    @Test
    void seedsOnlyAnEmptyStore() throws IOException {
        Path install = installFolder("1.0.0");
        ModelStore.Settings settings = ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.fromDirectory(install));
        ModelStore store = ModelStore.open(tmp.resolve("store"), settings);
        store.publish(TestBundles.sealed(tmp, "2.0.0", 100));
        store.activate("2.0.0");

        ModelStore reopened = ModelStore.open(tmp.resolve("store"), settings);
        assertThat(reopened.list()).extracting(BundleSummary::version).containsExactly("1.0.0", "2.0.0");
        assertThat(reopened.activeVersion()).contains("2.0.0");
    }

    @Test
    void anExistingStoreReceivesANewShippedVersionWithoutActivatingItOnce() throws IOException {
        Path store = tmp.resolve("store");
        ModelStore.open(store, ModelStore.Settings.defaults().withBundledModels(BundledModels.fromDirectory(
                installFolder("1.0.0"))));
        List<ModelStoreEvent> events = new ArrayList<>();
        ModelStore.Settings updated = ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.fromDirectory(installFolder("1.0.0", "1.1.0")))
                .withListener(events::add);

        ModelStore afterUpdate = ModelStore.open(store, updated);

        assertThat(afterUpdate.list()).extracting(BundleSummary::version).containsExactly("1.0.0", "1.1.0");
        assertThat(afterUpdate.activeVersion()).contains("1.0.0");
        assertThat(afterUpdate.verify()).allMatch(VerificationReport::ok);
        assertThat(events).extracting(ModelStoreEvent::type, ModelStoreEvent::version)
                .containsExactly(tuple(ModelStoreEvent.Type.SEEDED, "1.1.0"));
        assertThat(afterUpdate.bundledModelNotices()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(BundledModelNotice.Kind.ADDED);
            assertThat(n.version()).isEqualTo("1.1.0");
            assertThat(n.message()).contains("not made active", "1.0.0", "activate it");
        });
        assertThat(ModelStore.open(store, updated).bundledModelNotices()).isEmpty();
    }

    @Test
    void aShippedVersionTheUserDeletedIsNotAddedAgain() throws IOException {
        Path store = tmp.resolve("store");
        ModelStore.Settings settings = ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.fromDirectory(installFolder("1.0.0", "1.1.0")));
        ModelStore seeded = ModelStore.open(store, settings);
        seeded.delete("1.0.0");

        ModelStore reopened = ModelStore.open(store, settings);

        assertThat(reopened.list()).extracting(BundleSummary::version).containsExactly("1.1.0");
        assertThat(reopened.bundledModelNotices()).isEmpty();
    }

    @Test
    void aStoredModelWithAShippedVersionButOtherFilesIsKeptAndReported() throws IOException {
        Path store = tmp.resolve("store");
        ModelStore own = TestBundles.emptyStore(store);
        own.publish(TestBundles.sealed(Files.createDirectories(tmp.resolve("elsewhere")), "1.0.0", 100));
        own.publish(TestBundles.sealed(tmp, "0.9.0", 100));
        own.activate("1.0.0");
        ModelStore.Settings shipped = ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.fromDirectory(installFolder("1.0.0")));
        String storedManifest = Files.readString(store.resolve("1.0.0").resolve(ModelBundle.MANIFEST_FILE));

        ModelStore opened = ModelStore.open(store, shipped);

        assertThat(opened.bundledModelNotices()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(BundledModelNotice.Kind.CONTENT_DIFFERS);
            assertThat(n.message()).contains("files differ", "models delete 1.0.0");
        });
        assertThat(Files.readString(store.resolve("1.0.0").resolve(ModelBundle.MANIFEST_FILE)))
                .isEqualTo(storedManifest);
        assertThat(opened.activeVersion()).contains("1.0.0");

        opened.activate("0.9.0");
        opened.delete("1.0.0");
        ModelStore afterDelete = ModelStore.open(store, shipped);
        assertThat(afterDelete.bundledModelNotices()).extracting(BundledModelNotice::kind)
                .containsExactly(BundledModelNotice.Kind.ADDED);
        assertThat(ModelStore.open(store, shipped).bundledModelNotices()).isEmpty();
        assertThat(afterDelete.activeVersion()).contains("0.9.0");
    }

    @Test
    void theInstallFolderPropertyIsTheStandardSource() throws IOException {
        Path install = installFolder("1.0.0");
        System.setProperty(BundledModels.DIRECTORY_PROPERTY, install.toString());
        try {
            assertThat(ModelStore.open(tmp.resolve("fresh")).requireActive().version()).isEqualTo("1.0.0");
        } finally {
            System.clearProperty(BundledModels.DIRECTORY_PROPERTY);
        }
    }

    @Test
    void seedsFromAClasspathFolderAndFromAJar() throws IOException {
        Path classes = tmp.resolve("classes");
        Path models = classes.resolve(BundledModels.CLASSPATH_BASE);
        Files.createDirectories(models);
        Files.writeString(models.resolve("README.md"), "marker");
        copyTree(installFolder("1.0.0").resolve("1.0.0"), models.resolve("1.0.0"));
        Path jar = jar(classes, tmp.resolve("model-store.jar"));

        for (URL url : new URL[] {classes.toUri().toURL(), jar.toUri().toURL()}) {
            try (URLClassLoader loader = new URLClassLoader(new URL[] {url}, null)) {
                ModelStore store = ModelStore.open(tmp.resolve("fresh-" + url.getProtocol() + url.getPath().length()),
                        ModelStore.Settings.defaults().withBundledModels(BundledModels.fromClasspath(loader)));
                assertThat(store.requireActive().version()).as(url.toString()).isEqualTo("1.0.0");
            }
        }
    }

    @Test
    void withoutBundledModelsTheStoreIsEmptyAndSaysWhy() throws IOException {
        try (URLClassLoader nothing = new URLClassLoader(new URL[0], null)) {
            ModelStore store = ModelStore.open(tmp.resolve("fresh"), ModelStore.Settings.defaults()
                    .withBundledModels(BundledModels.fromClasspath(nothing)));
            assertThat(store.list()).isEmpty();
            assertThat(store.active()).isEmpty();
            assertThatThrownBy(store::requireActive).isInstanceOf(ModelNotFoundException.class)
                    .hasMessageContaining("no bundled default model was found")
                    .hasMessageContaining("models import FILE");
        }
        assertThat(ModelStore.open(tmp.resolve("nowhere"), ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.fromDirectory(tmp.resolve("missing")))).list()).isEmpty();
    }

    @Test
    void aDamagedBundledModelIsNotInstalledAndTheReasonIsShown() throws IOException {
        Path install = installFolder("1.0.0");
        Files.write(install.resolve("1.0.0").resolve(TestBundles.VARIABLES), new byte[10]);

        ModelStore store = ModelStore.open(tmp.resolve("fresh"), ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.fromDirectory(install)));
        assertThat(store.list()).isEmpty();
        assertThatThrownBy(store::requireActive).hasMessageContaining("could not be installed")
                .hasMessageContaining(TestBundles.VARIABLES);
    }

    /** The model shipped in model-store/models/ (on this module's classpath), if it has been committed yet. */
    @Test
    void theShippedDefaultModelIsFoundAndVerifiedOnAFreshMachine() throws IOException {
        List<String> shipped = new ArrayList<>();
        try (Stream<Path> dirs = Files.isDirectory(Path.of("models")) ? Files.list(Path.of("models")) : Stream.empty()) {
            dirs.filter(d -> Files.isRegularFile(d.resolve(ModelBundle.MANIFEST_FILE)))
                    .forEach(d -> shipped.add(d.getFileName().toString()));
        }
        ModelStore store = ModelStore.open(tmp.resolve("fresh"), ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.fromClasspath(ModelStore.class.getClassLoader())));

        if (shipped.isEmpty()) {
            assertThatThrownBy(store::requireActive).hasMessageContaining("The store is empty");
        } else {
            assertThat(store.list()).extracting(BundleSummary::version).containsExactlyInAnyOrderElementsOf(shipped);
            ModelBundle active = store.requireActive();
            assertThat(active.savedModelDirectory().resolve("saved_model.pb")).isRegularFile();
            assertThat(active.card().classes()).isEqualTo(ModelCard.DEFAULT_CLASSES);
            assertThat(store.verify()).allMatch(VerificationReport::ok);
        }
    }

    private Path installFolder(String... versions) throws IOException {
        Path install = Files.createDirectories(tmp.resolve("install-" + String.join("_", versions)));
        for (String v : versions) {
            Files.move(TestBundles.sealed(tmp, v, 3000), install.resolve(v));
        }
        return install;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    /** A jar of regular-file entries only (no directory entries, as some packagers write them). */
    private static Path jar(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(ChecksumManifest.relative(classes, f)));
                Files.copy(f, out);
            }
        }
        return jar;
    }
}
