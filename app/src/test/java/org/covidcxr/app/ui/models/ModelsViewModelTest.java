package org.covidcxr.app.ui.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.covidcxr.app.TestModels;
import org.covidcxr.modelstore.BundledModels;
import org.covidcxr.modelstore.ModelStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Models tab's logic on real model stores (fake weights: the store never runs a model), everything on the calling
 * thread: a version exported at one workstation is imported at another, not activated, then activated and rolled
 * back; deleting is refused for the active version.
 */
class ModelsViewModelTest {

    @TempDir
    Path tmp;
    ModelStore hospital;
    ModelsViewModel vm;

    @BeforeEach
    void stores() throws IOException {
        hospital = store("hospital");
        hospital.activate(hospital.publish(TestModels.fakeBundle(tmp, "1.0.0")).version());
        vm = new ModelsViewModel(hospital, Runnable::run, Runnable::run);
        vm.refresh();
    }

    private ModelStore store(String name) {
        return ModelStore.open(tmp.resolve(name), ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.none()));
    }

    @Test
    void aVersionExportedElsewhereIsImportedInactiveWithItsCardThenActivatedAndRolledBack() throws IOException {
        ModelStore site = store("site");
        site.publish(TestModels.fakeBundle(tmp.resolve("site"), "1.1.0-site"));
        Path zip = tmp.resolve("usb-stick").resolve("covidcxr-model-1.1.0-site.zip");
        Files.createDirectories(zip.getParent());
        ModelsViewModel siteVm = new ModelsViewModel(site, Runnable::run, Runnable::run);
        siteVm.exportVersion("1.1.0-site", zip);
        assertThat(siteVm.statusProperty().get()).isEqualTo("Exported version 1.1.0-site to " + zip + ".");

        vm.importArchive(zip, Optional.empty());
        ModelsViewModel.KeyToTrust question = vm.keyToTrustProperty().get();
        assertThat(question).as("the other site's key is not trusted here yet: the user is asked").isNotNull();
        assertThat(question.fingerprint()).isEqualTo(site.siteKey().orElseThrow().fingerprint());
        assertThat(question.signer()).startsWith("site key of ");
        assertThat(vm.statusProperty().get()).contains("was not imported");
        assertThat(hospital.list()).extracting(b -> b.version()).containsExactly("1.0.0");

        vm.importArchive(question.archive(), Optional.of(question.fingerprint())); // the user trusts it
        assertThat(vm.keyToTrustProperty().get()).isNull();
        assertThat(vm.statusProperty().get()).startsWith("Imported version 1.1.0-site from "
                + zip.getFileName()).contains("It is not active");
        assertThat(vm.models()).extracting(ModelRow::version).containsExactly("1.1.0-site", "1.0.0");
        assertThat(vm.models().get(0).active()).isFalse();
        vm.select("1.1.0-site");
        assertThat(vm.cardProperty().get().heading()).startsWith("Model 1.1.0-site — resnet-small");
        assertThat(hospital.activeVersion()).contains("1.0.0");

        vm.activate("1.1.0-site", Optional.empty());
        assertThat(hospital.activeVersion()).contains("1.1.0-site");
        assertThat(vm.rollbackTargetProperty().get()).isEqualTo("1.0.0");
        vm.rollback(Optional.empty());
        assertThat(vm.statusProperty().get()).isEqualTo("Rolled back to version 1.0.0.");
        assertThat(hospital.activeVersion()).contains("1.0.0");
    }

    @Test
    void theActiveVersionsCardComesWithTheListAndStaysAcrossRefreshesOnceAnotherIsSelected() {
        ModelStore shipped = ModelStore.open(tmp.resolve("shipped"));
        ModelsViewModel models = new ModelsViewModel(shipped, Runnable::run, Runnable::run);
        models.refresh();
        String active = shipped.activeVersion().orElseThrow();
        assertThat(models.selectedVersionProperty().get()).isEqualTo(active);
        assertThat(models.cardProperty().get().version()).isEqualTo(active);
        assertThat(models.cardProperty().get().plots()).isNotEmpty();

        models.select("1.0.0");
        assertThat(models.cardProperty().get().heading()).startsWith("Model 1.0.0 — ");
        assertThat(models.cardStatusProperty().get()).isEmpty();
        models.refresh();
        assertThat(models.cardProperty().get().version()).isEqualTo("1.0.0");

        models.delete("1.0.0");
        assertThat(models.selectedVersionProperty().get()).as("the deleted version's card gives way to the "
                + "active one's").isEqualTo(active);
        assertThat(models.cardProperty().get().version()).isEqualTo(active);
    }

    @Test
    void importingTheSameArchiveTwiceOrDeletingTheActiveVersionIsRefusedWithTheReason() throws IOException {
        Path zip = tmp.resolve("1.0.0.zip");
        vm.exportVersion("1.0.0", zip);
        vm.importArchive(zip, Optional.empty());
        assertThat(vm.statusProperty().get()).contains("1.0.0", "already exists");

        vm.delete("1.0.0");
        assertThat(vm.statusProperty().get()).contains("is the active model and cannot be deleted");
        assertThat(vm.models()).extracting(ModelRow::version).containsExactly("1.0.0");

        hospital.publish(TestModels.fakeBundle(tmp, "0.9.0"));
        vm.refresh();
        vm.delete("0.9.0");
        assertThat(vm.statusProperty().get()).isEqualTo("Deleted version 0.9.0.");
        assertThat(vm.models()).extracting(ModelRow::version).containsExactly("1.0.0");
    }

    @Test
    void aModelShippedWithAnUpdateIsAnnouncedInTheModelsTab() throws IOException {
        Path install = Files.createDirectories(tmp.resolve("install"));
        Files.move(TestModels.fakeBundle(tmp.resolve("update"), "2.0.0"), install.resolve("2.0.0"));
        assertThat(vm.storeNoticesProperty().get()).isEmpty();

        ModelStore updated = ModelStore.open(tmp.resolve("hospital"), ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.fromDirectory(install)));
        ModelsViewModel afterUpdate = new ModelsViewModel(updated, Runnable::run, Runnable::run);
        afterUpdate.refresh();

        assertThat(afterUpdate.storeNoticesProperty().get()).startsWith("Model 2.0.0, shipped with this version")
                .contains("not made active (the active model stayed 1.0.0)");
        assertThat(afterUpdate.models()).extracting(ModelRow::version, ModelRow::active)
                .containsExactly(tuple("2.0.0", false), tuple("1.0.0", true));

        afterUpdate.activate("2.0.0", Optional.empty());
        assertThat(afterUpdate.storeNoticesProperty().get()).as("news no longer, once activated").isEmpty();
    }

    @Test
    void activatingAModelThatFailedItsCriteriaComesWithAWarningAndOneThatPassedDoesNot() throws IOException {
        hospital.publish(TestModels.failedSiteBundle(tmp.resolve("failed"), "1.1.0-site"));

        assertThat(vm.activationWarning("1.1.0-site")).hasValueSatisfying(w -> assertThat(w.text())
                .contains("failed its acceptance criteria", "override", "audit log"));
        assertThat(vm.activationWarning("1.0.0")).isEmpty();

        vm.activate("1.1.0-site", Optional.empty());
        assertThat(hospital.activeVersion()).as("refused without the confirmation").contains("1.0.0");
        assertThat(vm.statusProperty().get()).contains("failed its acceptance criteria", "confirm");
        vm.activate("1.1.0-site", Optional.of("confirmed in the Models view"));
        assertThat(hospital.activeVersion()).contains("1.1.0-site");
    }
}
