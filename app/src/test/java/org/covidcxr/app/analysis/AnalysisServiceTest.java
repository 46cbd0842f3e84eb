package org.covidcxr.app.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.covidcxr.app.TestModels;
import org.covidcxr.app.audit.AuditLog;
import org.covidcxr.app.audit.AuditVerifier;
import org.covidcxr.app.audit.ModelChangeAudit;
import org.covidcxr.app.session.LoadedImage;
import org.covidcxr.dicom.DisplayPipeline;
import org.covidcxr.dicom.DisplaySettings;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.dicom.phantom.ChestPhantom;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.modelstore.BundledModels;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analysis service on a real store, a real (tiny) model and the real audit log. */
class AnalysisServiceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path temp;

    @Test
    void modelChangesAndAnalysesAreAuditedWithoutPatientData() throws Exception {
        Path bundled = temp.resolve("bundled");
        TestModels.tinyBundle(bundled.resolve("0.0.1-test"));
        AuditLog audit = AuditLog.open(temp.resolve("audit.jsonl"));
        ModelStore store = ModelStore.open(temp.resolve("store"), ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.fromDirectory(bundled))
                .withListener(ModelChangeAudit.listener(audit, "dr.x")));
        assertThat(audit.lines()).anySatisfy(l -> assertThat(l).contains("\"type\":\"model-change\"")
                .contains("\"action\":\"seeded\"").contains("0.0.1-test"));

        XrayImage phantom = ChestPhantom.render(300, 300);
        Path png = temp.resolve("phantom.png");
        DisplayPipeline.render(phantom, DisplaySettings.fileDefault(phantom)).writePng(png);
        LoadedImage input = LoadedImage.read(png);
        try (AnalysisService service = new AnalysisService(store, audit, "dr.x", CLOCK)) {
            AnalysisService.Result result = service.analyse(input);
            assertThat(result.diagnosis().modelVersion()).isEqualTo("0.0.1-test");
            assertThat(result.model().version()).isEqualTo("0.0.1-test");
        }

        List<String> lines = audit.lines();
        String loaded = lines.get(lines.size() - 2);
        String analysis = lines.get(lines.size() - 1);
        String checksum = LoadedImage.sha256(store.requireActive().directory().resolve(ModelBundle.MANIFEST_FILE));
        assertThat(loaded).contains("\"action\":\"loaded\"").contains(checksum);
        assertThat(analysis).contains("\"type\":\"analysis\"").contains("\"time\":\"2026-03-01T09:00:00Z\"")
                .contains("\"modelChecksum\":\"" + checksum + "\"").contains("\"inputSha256\":\"" + input.sha256() + "\"")
                .contains("\"covid\":").contains("\"decision\":\"COVID-19 ");
        assertThat(AuditVerifier.verify(audit.file()).intact()).isTrue();
    }

    /**
     * The shipped model (with its lung segmenter) on a 2000 × 2000 radiograph: the Grad-CAM maps that go to the
     * worklist, the viewer and the report stay at their grid (what each allocates is measured in the inference module).
     */
    @Test
    void analysingALargeRadiographKeepsTheHeatMapsAtTheirGrid() throws Exception {
        XrayImage large = ChestPhantom.render(2000, 2000);
        LoadedImage input = new LoadedImage(temp.resolve("large.dcm"), large, large, List.of(), "00".repeat(32), 2000);
        ModelStore store = TestModels.storeWithActiveModel(temp.resolve("store"));
        try (AnalysisService service = new AnalysisService(store, AuditLog.open(temp.resolve("audit.jsonl")), "u",
                CLOCK)) {
            AnalysisService.Outcome outcome = service.examine(input, true);

            Diagnosis d = outcome.result().orElseThrow().diagnosis();
            assertThat(d.heatMaps()).hasSize(3).allSatisfy(map -> {
                assertThat(map.width()).isEqualTo(2000);
                assertThat(map.cells().length).isLessThan(64 * 64);
            });
            assertThat(d.lungAttention()).isPresent();
        }
    }

    @Test
    void withoutAnActiveModelTheAnalysisSaysWhatToDo() throws Exception {
        AuditLog audit = AuditLog.open(temp.resolve("audit.jsonl"));
        ModelStore empty = ModelStore.open(temp.resolve("store"),
                ModelStore.Settings.defaults().withBundledModels(BundledModels.none()));
        XrayImage phantom = ChestPhantom.render(100, 100);
        Path png = temp.resolve("p.png");
        DisplayPipeline.render(phantom, DisplaySettings.fileDefault(phantom)).writePng(png);
        try (AnalysisService service = new AnalysisService(empty, audit, "u", CLOCK)) {
            assertThatThrownBy(() -> service.analyse(LoadedImage.read(png))).isInstanceOf(AnalysisException.class)
                    .hasMessageContaining("No model is active")
                    .satisfies(e -> assertThat(((AnalysisException) e).noModel()).isTrue());
        }
        assertThat(Files.exists(audit.file())).isFalse();
    }
}
