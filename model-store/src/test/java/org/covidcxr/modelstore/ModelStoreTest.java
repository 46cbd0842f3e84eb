package org.covidcxr.modelstore;

import org.covidcxr.files.FileTrees;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class ModelStoreTest {

    @TempDir
    Path tmp;
    Path root;
    ModelStore store;
    final List<ModelStoreEvent> events = new ArrayList<>();

    @BeforeEach
    void openEmptyStore() {
        root = tmp.resolve("store");
        store = ModelStore.open(root, ModelStore.Settings.defaults().withBundledModels(BundledModels.none())
                .withListener(events::add));
    }

    @Test
    void publishListActivateRollbackRoundTrip() throws Exception {
        assertThat(store.list()).isEmpty();
        assertThat(store.active()).isEmpty();

        ModelBundle v1 = store.publish(TestBundles.sealed(tmp, "1.0.0", 5000));
        ModelBundle v2 = store.publish(TestBundles.sealed(tmp, "1.1.0", 5000));
        assertThat(v1.directory()).isEqualTo(root.toRealPath().resolve("1.0.0"));
        assertThat(store.list()).extracting(BundleSummary::version, BundleSummary::active)
                .containsExactly(tuple("1.0.0", false), tuple("1.1.0", false));
        assertThat(store.active()).as("publishing does not activate").isEmpty();

        store.activate("1.0.0");
        store.activate("1.1.0");
        assertThat(store.requireActive().version()).isEqualTo("1.1.0");
        assertThat(store.list()).extracting(BundleSummary::active).containsExactly(false, true);
        assertThat(store.previousVersion()).contains("1.0.0");

        ModelBundle back = store.rollback();
        assertThat(back.version()).isEqualTo("1.0.0");
        assertThat(store.active()).contains(v1);
        assertThat(ModelStore.open(root).activeVersion()).as("survives reopening").contains("1.0.0");
        assertThatThrownBy(store::rollback).hasMessageContaining("no earlier model to roll back to");

        assertThat(events).extracting(ModelStoreEvent::type, ModelStoreEvent::version)
                .containsExactly(tuple(ModelStoreEvent.Type.KEY_TRUSTED, "1.0.0"),
                        tuple(ModelStoreEvent.Type.PUBLISHED, "1.0.0"), tuple(ModelStoreEvent.Type.PUBLISHED, "1.1.0"),
                        tuple(ModelStoreEvent.Type.ACTIVATED, "1.0.0"), tuple(ModelStoreEvent.Type.ACTIVATED, "1.1.0"),
                        tuple(ModelStoreEvent.Type.ROLLED_BACK, "1.0.0"));
        String siteKey = store.siteKey().orElseThrow().describe();
        assertThat(events.get(0).signingKey()).as("the site's key, made and trusted at the first publish")
                .contains(siteKey);
        assertThat(events.get(1).signingKey()).as("what the site publishes is signed with its key").contains(siteKey);
        assertThat(events.get(5).previousActive()).contains("1.1.0");
        assertThat(v2.card().parent()).isEmpty();
    }

    @Test
    void aModelThatFailedItsCriteriaIsActivatedOnlyWithAConfirmationWhichItsRecordCarries() throws Exception {
        store.publish(TestBundles.sealed(tmp, "1.0.0", 500));
        Path failed = tmp.resolve("1.1.0-site-src");
        TestBundles.write(failed, "1.1.0-site", 500, new Random(3));
        ModelCard c = ModelCards.read(failed.resolve(ModelBundle.CARD_FILE));
        ModelCards.write(new ModelCard(c.version(), c.architecture(), c.classes(), c.input(), c.preprocessing(),
                c.operatingThreshold(), c.temperature(), c.trainingData(),
                Map.of(ModelCard.ACCEPTANCE_METRIC, Map.of("passed", false, "override", true)), c.intendedUse(),
                c.limitations(), "1.0.0", c.createdAt(), "trainer", c.notes()), failed.resolve(ModelBundle.CARD_FILE));
        store.publish(ModelBundles.seal(failed).directory());
        store.activate("1.0.0");
        events.clear();

        assertThatThrownBy(() -> store.activate("1.1.0-site")).isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("failed its acceptance criteria").hasMessageContaining("confirm");
        assertThat(store.activeVersion()).contains("1.0.0");
        assertThat(events).as("nothing changed, nothing to record").isEmpty();

        store.activate("1.1.0-site", Optional.of("confirmed in a test"));
        assertThat(store.activeVersion()).contains("1.1.0-site");
        assertThat(events).singleElement().satisfies(e -> assertThat(e.confirmation()).contains("confirmed in a test"));
        store.activate("1.1.0-site");
        assertThat(events).as("already active: nothing to confirm, nothing changes").hasSize(1);
        store.activate("1.0.0", Optional.of("not needed"));
        assertThat(events.get(1).confirmation()).as("only a failed model's activation carries one").isEmpty();

        // Going back to it is putting it into use again: the same confirmation.
        assertThatThrownBy(() -> store.rollback()).hasMessageContaining("models rollback --despite-failed-criteria");
        assertThat(store.activeVersion()).contains("1.0.0");
        store.rollback(Optional.of("confirmed again"));
        assertThat(events.get(2).type()).isEqualTo(ModelStoreEvent.Type.ROLLED_BACK);
        assertThat(events.get(2).confirmation()).contains("confirmed again");
        store.activate("1.0.0");

        // A change the process did not live to report is reported at the next open with its confirmation.
        ChangeJournal.begin(root, ChangeJournal.Intent.of(ModelStoreEvent.Type.ACTIVATED, "1.1.0-site",
                Optional.of("1.0.0"), Optional.empty(), "abc", Optional.of("confirmed in a test"),
                Optional.empty()));
        List<ModelStoreEvent> reported = new ArrayList<>();
        ModelStore.open(root, ModelStore.Settings.defaults().withBundledModels(BundledModels.none())
                .withListener(reported::add));
        assertThat(reported).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(ModelStoreEvent.Outcome.INTERRUPTED);
            assertThat(e.confirmation()).contains("confirmed in a test");
        });
    }

    @Test
    void exportImportRoundTripPreservesChecksums() throws Exception {
        store.publish(TestBundles.sealed(tmp, "1.0.0", 50_000));
        Path zip = tmp.resolve("out/1.0.0.zip");
        store.exportZip("1.0.0", zip);

        ModelStore other = TestBundles.emptyStore(tmp.resolve("other"));
        ModelBundle imported = other.importBundle(zip, store.siteKey().map(TrustedKey::fingerprint));

        Path original = root.resolve("1.0.0");
        assertThat(imported.version()).isEqualTo("1.0.0");
        assertThat(imported.directory().resolve(ModelBundle.MANIFEST_FILE))
                .hasSameBinaryContentAs(original.resolve(ModelBundle.MANIFEST_FILE));
        assertThat(ChecksumManifest.compute(imported.directory())).isEqualTo(ChecksumManifest.compute(original));
        assertThat(other.verify()).allMatch(VerificationReport::ok);

        Path again = tmp.resolve("again.zip");
        other.exportZip("1.0.0", again);
        assertThat(again).as("exports are reproducible").hasSameBinaryContentAs(zip);
        assertThatThrownBy(() -> store.exportZip("1.0.0", zip)).hasMessageContaining("the file exists");
        assertThatThrownBy(() -> store.importBundle(zip)).hasMessageContaining("already exists")
                .hasMessageContaining("archive " + zip).hasMessageNotContaining(".staging");
    }

    @Test
    void tamperedBundlesAreNeverActivatedOrLoaded() throws Exception {
        store.publish(TestBundles.sealed(tmp, "1.0.0", 5000));
        store.publish(TestBundles.sealed(tmp, "2.0.0", 5000));
        store.activate("1.0.0");
        Path variables = root.resolve("2.0.0").resolve(TestBundles.VARIABLES);
        byte[] data = Files.readAllBytes(variables);
        data[0] ^= (byte) 0x80;
        Files.write(variables, data);

        assertThatThrownBy(() -> store.activate("2.0.0")).isInstanceOf(BundleIntegrityException.class)
                .hasMessageContaining(TestBundles.VARIABLES);
        assertThat(store.activeVersion()).contains("1.0.0");

        Files.delete(root.resolve("1.0.0/saved_model/variables/variables.index"));
        assertThatThrownBy(store::active).isInstanceOf(BundleIntegrityException.class)
                .hasMessageContaining("variables.index: listed in checksums.sha256 but missing");

        Files.writeString(root.resolve("1.0.0/notes.txt"), "hello");
        assertThat(store.verify()).extracting(VerificationReport::version, r -> r.problems().size())
                .containsExactly(tuple("1.0.0", 2), tuple("2.0.0", 1));
        assertThat(store.verify().get(0).problems()).extracting(BundleProblem::file)
                .containsExactlyInAnyOrder("saved_model/variables/variables.index", "notes.txt");
    }

    @Test
    void refusesToPublishAnUnsealedOrChangedFolderOrADuplicate() throws Exception {
        Path src = TestBundles.sealed(tmp, "1.0.0", 5000);
        Files.writeString(src.resolve("late.txt"), "written after sealing");
        assertThatThrownBy(() -> store.publish(src)).isInstanceOf(BundleIntegrityException.class)
                .hasMessageContaining("late.txt").hasMessageContaining("Seal the folder again");
        Files.delete(src.resolve("late.txt"));

        store.publish(src);
        assertThatThrownBy(() -> store.publish(src)).hasMessageContaining("Version 1.0.0")
                .hasMessageContaining("already exists");
        assertThat(store.list()).hasSize(1);
        try (var entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("1.0.0", ".lock", StoreSignatures.SITE_KEY_FILE, TrustedKeys.FILE_NAME);
        }
    }

    @Test
    void deletesOnlyInactiveVersionsAndForgetsThemForRollback() throws Exception {
        store.publish(TestBundles.sealed(tmp, "1.0.0", 5000));
        store.publish(TestBundles.sealed(tmp, "1.1.0", 5000));
        store.publish(TestBundles.sealed(tmp, "1.2.0", 5000));
        store.activate("1.0.0");
        store.activate("1.1.0");
        store.activate("1.2.0");

        assertThatThrownBy(() -> store.delete("1.2.0")).hasMessageContaining("is the active model");
        store.delete("1.1.0");
        assertThat(store.list()).extracting(BundleSummary::version).containsExactly("1.0.0", "1.2.0");
        assertThat(store.rollback().version()).as("skips the deleted version").isEqualTo("1.0.0");
        assertThatThrownBy(() -> store.delete("9.9.9")).isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("no model version '9.9.9'");
        assertThatThrownBy(() -> store.activate("../1.0.0")).isInstanceOf(ModelNotFoundException.class);
        assertThat(events).extracting(ModelStoreEvent::type).contains(ModelStoreEvent.Type.DELETED);
    }

    @Test
    void aRollbackNeverReturnsToTheVersionAlreadyActive() throws Exception {
        store.publish(TestBundles.sealed(tmp, "1.0.0", 500));
        store.publish(TestBundles.sealed(tmp, "1.1.0", 500));
        store.activate("1.0.0");
        store.activate("1.1.0");
        store.activate("1.0.0");
        assertThat(store.previousVersion()).contains("1.1.0");

        store.delete("1.1.0");

        assertThat(store.previousVersion()).as("1.0.0 is active already").isEmpty();
        assertThatThrownBy(store::rollback).hasMessageContaining("There is no earlier model");
        assertThat(store.activeVersion()).contains("1.0.0");
    }

    @Test
    void versionsCannotTakeNamesTheStoreOrTheSystemReserves() {
        for (String reserved : List.of("active.json", "Bundled.JSON", "NUL", "con.1", "COM3", "lpt1.txt")) {
            assertThat(ModelCard.isValidVersion(reserved)).as(reserved).isFalse();
        }
        for (String fine : List.of("1.0.0", "console", "1.1.0-site", "null2", "nul3x")) {
            assertThat(ModelCard.isValidVersion(fine)).as(fine).isTrue();
        }
    }

    @Test
    void rollbackSkipsVersionsWhoseFolderIsGone() throws Exception {
        for (String v : new String[] {"1.0.0", "1.1.0", "1.2.0"}) {
            store.publish(TestBundles.sealed(tmp, v, 500));
            store.activate(v);
        }
        // As if a delete had been interrupted after removing the folder but before updating the pointer.
        FileTrees.delete(root.resolve("1.1.0"));

        assertThat(store.rollback().version()).isEqualTo("1.0.0");
    }

    @Test
    void anEmptyStoreSaysWhatToDo() {
        assertThatThrownBy(store::requireActive).isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("The store is empty").hasMessageContaining("models import FILE");
    }

    @Test
    void aBrokenActivePointerIsReportedAndRepairedByActivating() throws Exception {
        store.publish(TestBundles.sealed(tmp, "1.0.0", 5000));
        Files.writeString(root.resolve("active.json"), "{\"active\":\"../../etc\"}");

        assertThatThrownBy(store::active).hasMessageContaining("active.json").hasMessageContaining("models activate");
        store.activate("1.0.0");
        assertThat(store.requireActive().version()).isEqualTo("1.0.0");
    }

    @Test
    void aBundleWhoseFolderDoesNotMatchItsCardIsRefused() throws Exception {
        store.publish(TestBundles.sealed(tmp, "1.0.0", 5000));
        Files.move(root.resolve("1.0.0"), root.resolve("3.0.0"));

        assertThatThrownBy(() -> store.activate("3.0.0")).isInstanceOf(BundleIntegrityException.class)
                .hasMessageContaining("says version 1.0.0 but the bundle folder is 3.0.0");
    }

    @Test
    void leftoversOfInterruptedWritesAreIgnoredAndCleanedOnOpen() throws Exception {
        store.publish(TestBundles.sealed(tmp, "1.0.0", 5000));
        Files.createDirectories(root.resolve(".staging-x/saved_model"));
        Files.writeString(root.resolve(".tmp-active.json-y"), "{");
        assertThat(store.list()).extracting(BundleSummary::version).containsExactly("1.0.0");

        TestBundles.emptyStore(root);
        assertThat(root.resolve(".staging-x")).doesNotExist();
        assertThat(root.resolve(".tmp-active.json-y")).doesNotExist();
    }

    @Test
    void defaultRootHonoursTheSystemProperty() {
        String old = System.getProperty(ModelStore.STORE_PROPERTY);
        try {
            System.setProperty(ModelStore.STORE_PROPERTY, tmp.resolve("custom").toString());
            assertThat(ModelStore.defaultRoot()).isEqualTo(tmp.resolve("custom"));
            System.clearProperty(ModelStore.STORE_PROPERTY);
            if (System.getenv(ModelStore.STORE_ENV) == null) {
                assertThat(ModelStore.defaultRoot().toString()).endsWith("covidcxr/models".replace('/',
                        java.io.File.separatorChar));
            }
        } finally {
            if (old != null) {
                System.setProperty(ModelStore.STORE_PROPERTY, old);
            }
        }
    }

    @Test
    void aChangeTheListenersCouldNotRecordBlocksFurtherChangesUntilItIsRecorded() throws Exception {
        Path root = tmp.resolve("noisy");
        // The site's key is made and trusted (a recorded change) at the first publish, while the log works.
        ModelStore.open(root, ModelStore.Settings.defaults().withBundledModels(BundledModels.none()))
                .publish(TestBundles.sealed(tmp, "0.9.0", 100));
        ModelStore noisy = ModelStore.open(root, ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.none()).withListener(e -> {
                    throw new IllegalStateException("audit log down");
                }));
        assertThat(noisy.publish(TestBundles.sealed(tmp, "1.0.0", 100)).version()).isEqualTo("1.0.0");
        assertThatThrownBy(() -> noisy.activate("1.0.0")).isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("could not be recorded");
        assertThat(noisy.activeVersion()).isEmpty();

        List<ModelStoreEvent> heard = new ArrayList<>();
        ModelStore recorded = ModelStore.open(root, ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.none()).withListener(heard::add));
        recorded.activate("1.0.0");
        assertThat(heard).extracting(ModelStoreEvent::type, ModelStoreEvent::outcome).containsExactly(
                tuple(ModelStoreEvent.Type.PUBLISHED, ModelStoreEvent.Outcome.DONE_BEFORE_INTERRUPTION),
                tuple(ModelStoreEvent.Type.ACTIVATED, ModelStoreEvent.Outcome.DONE));
        assertThat(heard.get(1).modelChecksum()).hasSize(64);
    }
}
