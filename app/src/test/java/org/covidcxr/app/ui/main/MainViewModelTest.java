package org.covidcxr.app.ui.main;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javax.imageio.ImageIO;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import org.covidcxr.app.TestModels;
import org.covidcxr.app.analysis.AnalysisService;
import org.covidcxr.app.audit.AuditLog;
import org.covidcxr.app.audit.AuditVerifier;
import org.covidcxr.app.feedback.FeedbackStore;
import org.covidcxr.app.feedback.RadiologistLabel;
import org.covidcxr.app.imaging.ArgbRaster;
import org.covidcxr.app.report.ReportComposer;
import org.covidcxr.app.session.LoadedImage;
import org.covidcxr.app.session.RecentFiles;
import org.covidcxr.app.ui.common.Notice;
import org.covidcxr.app.ui.models.ModelCardContent;
import org.covidcxr.app.ui.worklist.WorklistItem;
import org.covidcxr.inference.TestDicom;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.inference.serving.Verdict;
import org.covidcxr.modelstore.BundledModels;
import org.covidcxr.modelstore.ModelStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main ViewModel without JavaFX running, on real services: a real model through TensorFlow, real files from the
 * shared data, the real audit log and feedback store. Executors run tasks on the calling thread.
 */
class MainViewModelTest {
    private static final Path REAL = TestModels.sharedData().resolve("dicom/real/CR-MONO1-10-chest.dcm");
    /** A real 1841 x 1955 JPEG 2000 radiograph: analysed at its 921 x 978 level. */
    private static final Path JPEG_2000 = TestModels.sharedData().resolve("dicom/real/RG1_J2KI.dcm");

    @TempDir
    static Path shared;
    static ModelStore store;
    static AuditLog audit;
    static AnalysisService analysis;

    @TempDir
    Path temp;
    MainViewModel vm;

    @BeforeAll
    static void model() throws IOException {
        store = TestModels.storeWithActiveModel(shared.resolve("models"));
        audit = AuditLog.open(shared.resolve("audit.jsonl"));
        analysis = new AnalysisService(store, audit, "tester", Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        analysis.close();
    }

    @BeforeEach
    void viewModel() {
        assumeTrue(Files.isRegularFile(REAL), "shared data missing at " + REAL.toAbsolutePath());
        vm = viewModel(MainViewModel.RESIDENT_IMAGES);
        vm.viewer().viewportWidthProperty().set(800);
        vm.viewer().viewportHeightProperty().set(800);
    }

    /** Everything runs on the calling thread, so each call has finished when it returns. */
    private MainViewModel viewModel(int residentImages) {
        return viewModel(analysis, residentImages);
    }

    private MainViewModel viewModel(AnalysisService service, int residentImages) {
        return viewModel(service, residentImages, Runnable::run);
    }

    /** @param background where decoding and exports run (the other threads are the calling one) */
    private MainViewModel viewModel(AnalysisService service, int residentImages, Executor background) {
        return new MainViewModel(new MainViewModel.Services(service, new FeedbackStore(temp.resolve("feedback"),
                temp.resolve("key")), new RecentFiles(temp.resolve("recent.txt")), "tester", Clock.systemUTC(),
                temp.resolve("logs")),
                new MainViewModel.Threads(background, Runnable::run, Runnable::run, Runnable::run), residentImages);
    }

    /** The real radiograph with one code-string attribute set, written to {@code out}. */
    private static Path realWith(AttributeTag tag, String value, Path out) throws Exception {
        return TestDicom.withCodeString(REAL, tag, value, out);
    }

    @Test
    void openingAnImageShowsItAnalysesItAndAuditsTheAnalysis() throws IOException {
        long before = audit.entries();
        vm.open(List.of(REAL));

        WorklistItem item = vm.selectedProperty().get();
        assertThat(item.statusProperty().get()).isEqualTo(WorklistItem.Status.ANALYSED);
        double p = item.covidProbabilityProperty().get();
        assertThat(p).isBetween(0.0, 1.0);
        assertThat(vm.analysis().covidProbabilityProperty().get()).isEqualTo(p);
        assertThat(vm.analysis().verdictProperty().get()).isIn(Verdict.SUSPECTED.text(), Verdict.NOT_SUSPECTED.text());
        assertThat(vm.analysis().classes()).hasSize(3);
        assertThat(vm.analysis().modelVersionProperty().get()).isEqualTo(store.activeVersion().orElseThrow());
        // The CPU build on a machine without GPU: the device is shown, with no fallback notice.
        assertThat(vm.analysis().deviceProperty().get()).isEqualTo("CPU");
        assertThat(vm.viewer().renderedProperty().get()).isNotNull();
        assertThat(vm.viewer().overlayProperty().get()).isNotNull();
        assertThat(vm.metadata().study()).extracting(r -> r.name()).contains("Modality");
        vm.metadata().searchProperty().set("0008,0060");
        assertThat(vm.metadata().attributes()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("Modality");
            assertThat(r.value()).isEqualTo("CR");
        });
        assertThat(vm.recentFiles()).containsExactly(REAL.toAbsolutePath().normalize());
        assertThat(vm.settled()).isTrue();

        AuditVerifier.Result result = AuditVerifier.verify(audit.file());
        assertThat(result.intact()).isTrue();
        assertThat(result.entries()).isGreaterThan(before);
        String last = Files.readAllLines(audit.file()).get((int) result.entries() - 1);
        assertThat(last).contains("\"type\":\"analysis\"").contains("\"user\":\"tester\"");
    }

    @Test
    void aLargeJpeg2000IsShownAndAnalysedAtAReducedLevelThenSharpenedInPlaceKeepingItsResult() throws Exception {
        List<Runnable> decoding = new ArrayList<>();
        MainViewModel session = viewModel(analysis, MainViewModel.RESIDENT_IMAGES, decoding::add);
        session.viewer().viewportWidthProperty().set(800);
        session.viewer().viewportHeightProperty().set(800);
        List<ArgbRaster> shown = new ArrayList<>();
        session.viewer().renderedProperty().addListener((o, was, raster) -> shown.add(raster));

        session.open(List.of(JPEG_2000));
        decoding.remove(0).run(); // finds the file
        decoding.remove(0).run(); // decodes its reduced level, shows and analyses it; the full decode waits
        WorklistItem item = session.selectedProperty().get();
        LoadedImage first = item.image().orElseThrow();
        assertThat(first.reduced()).isTrue();
        assertThat(first.image()).isSameAs(first.analysisImage());
        assertThat(first.image().width()).isEqualTo(921);
        assertThat(item.statusProperty().get()).isEqualTo(WorklistItem.Status.ANALYSED);
        Diagnosis diagnosis = item.result().orElseThrow();
        long audited = audit.entries();
        assertThat(session.resultShown()).isTrue();
        assertThat(session.settled()).as("the full image is still to come").isFalse();
        assertThat(session.viewer().renderedProperty().get().width()).isEqualTo(921);
        assertThat(session.viewer().zoomTextProperty().get()).isEqualTo("Fit (41 %) · full resolution loading…");
        double height = session.viewer().scaleProperty().get() * 978;
        Path report = temp.resolve("report.png");
        session.exports().exportReport(report);
        assertThat(report).as("a report waits for the full image").doesNotExist();

        decoding.remove(0).run(); // decodes the full image, swaps it in; then the report is written
        LoadedImage full = item.image().orElseThrow();
        assertThat(full.reduced()).isFalse();
        assertThat(full.image().width()).isEqualTo(1841);
        assertThat(full.analysisImage()).isSameAs(first.analysisImage());
        assertThat(full.sha256()).isEqualTo(first.sha256());
        assertThat(item.result()).as("not analysed again").containsSame(diagnosis);
        assertThat(audit.entries()).isEqualTo(audited);
        assertThat(shown).as("never an empty frame between the two").doesNotContainNull();
        assertThat(shown.stream().map(ArgbRaster::width).distinct()).containsExactly(921, 1841);
        assertThat(shown.get(shown.size() - 1).width()).isEqualTo(1841);
        assertThat(session.viewer().zoomTextProperty().get()).isEqualTo("Fit (41 %)");
        assertThat(session.viewer().scaleProperty().get() * 1955).as("same size on screen").isCloseTo(height,
                within(1e-6));
        assertThat(session.viewer().overlayProperty().get()).isNotNull();
        assertThat(decoding).hasSize(1);
        decoding.remove(0).run();
        assertThat(report).isRegularFile();
        assertThat(ImageIO.read(report.toFile()).getWidth()).isEqualTo(ReportComposer.WIDTH);
        assertThat(session.settled()).isTrue();
    }

    @Test
    void anImageTheModelWasNotMadeForIsFlaggedAndRunsOnlyOnRequest() throws Exception {
        Path knee = realWith(TagFromName.BodyPartExamined, "KNEE", temp.resolve("knee.dcm"));

        vm.open(List.of(knee));
        WorklistItem item = vm.selectedProperty().get();
        assertThat(item.statusProperty().get()).isEqualTo(WorklistItem.Status.FLAGGED);
        assertThat(item.result()).isEmpty();
        assertThat(vm.analysis().flags()).singleElement().asString().contains("KNEE");
        assertThat(vm.analysis().canRunAnywayProperty().get()).isTrue();

        vm.runAnyway();
        assertThat(item.statusProperty().get()).isEqualTo(WorklistItem.Status.ANALYSED);
        assertThat(vm.analysis().verdictProperty().get()).isNotEmpty();
        // still shown beside the result, with the attention warning when the model's segmenter finds it outside the lungs
        assertThat(vm.analysis().flags().get(0)).contains("KNEE");
        assertThat(vm.analysis().flags().subList(1, vm.analysis().flags().size()))
                .allSatisfy(f -> assertThat(f).contains("attention lies inside the lungs"));
    }

    @Test
    void anUnreadableFileIsReportedAndTheSessionGoesOn() throws IOException {
        Path corrupt = temp.resolve("corrupt.dcm");
        Files.write(corrupt, "DICM? no, just text".getBytes());
        vm.open(List.of(REAL));
        vm.open(List.of(corrupt));

        assertThat(vm.notices()).last().satisfies(n -> {
            assertThat(n.level()).isEqualTo(Notice.Level.ERROR);
            assertThat(n.text()).contains("corrupt.dcm");
        });
        assertThat(vm.worklist()).hasSize(1);
        assertThat(vm.selectedProperty().get().file()).isEqualTo(REAL.toAbsolutePath().normalize());
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void feedbackReportAndDeidentifiedCopyAreWritten() throws Exception {
        vm.open(List.of(REAL));
        vm.exports().recordFeedback(RadiologistLabel.PNEUMONIA);
        List<FeedbackStore.Entry> entries = new FeedbackStore(temp.resolve("feedback"), temp.resolve("key")).entries();
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.label()).isEqualTo("pneumonia");
            assertThat(e.modelVersion()).isEqualTo(store.activeVersion().orElseThrow());
        });
        assertThat(vm.selectedProperty().get().radiologistLabelProperty().get()).isEqualTo("pneumonia");

        Path report = temp.resolve("report.png");
        vm.exports().exportReport(report);
        assertThat(report).isRegularFile();
        Path copy = temp.resolve("copy.dcm");
        vm.exports().exportDeidentified(copy);
        // This radiograph does not say whether text is burned in: the copy is written, with a reminder to look.
        assertThat(vm.notices()).last().satisfies(n -> {
            assertThat(n.level()).isEqualTo(Notice.Level.WARNING);
            assertThat(n.text()).contains("does not say whether text is burned into the image");
        });
        assertThat(Files.readAllBytes(copy)).hasSizeGreaterThan(1000);
        assertThat(org.covidcxr.dicom.XrayImageReader.read(copy).study().patientName()).isNotEqualTo(
                vm.selectedProperty().get().image().orElseThrow().image().study().patientName());
        assertThat(vm.exports().suggestedReportName()).startsWith("cxr-report-").doesNotContain("Anonym");

        Path png = Files.copy(copy.resolveSibling("report.png"), temp.resolve("own.png"));
        byte[] original = Files.readAllBytes(png);
        vm.open(List.of(png));
        vm.exports().exportDeidentified(png);
        assertThat(vm.notices()).last().satisfies(n -> assertThat(n.text()).contains("would replace the original"));
        assertThat(Files.readAllBytes(png)).isEqualTo(original);
    }

    @Test
    void anImageMarkedWithBurnedInTextIsNotExportedAsDeidentifiedAndItsReportCarriesAWarning() throws Exception {
        Path marked = realWith(TagFromName.BurnedInAnnotation, "YES", temp.resolve("marked.dcm"));

        vm.open(List.of(marked));
        vm.exports().exportReport(temp.resolve("report.png"));
        assertThat(temp.resolve("report.png")).isRegularFile();
        assertThat(vm.notices()).last().satisfies(n -> {
            assertThat(n.level()).isEqualTo(Notice.Level.WARNING);
            assertThat(n.text()).contains("Burned In Annotation = YES", "Treat the report as identifiable");
        });
        for (String name : List.of("copy.dcm", "copy.png")) {
            vm.exports().exportDeidentified(temp.resolve(name));
            assertThat(temp.resolve(name)).doesNotExist();
            assertThat(vm.notices()).last().satisfies(n -> {
                assertThat(n.level()).isEqualTo(Notice.Level.ERROR);
                assertThat(n.text()).contains("Burned In Annotation = YES");
            });
        }
        vm.exports().recordFeedback(RadiologistLabel.NORMAL);
        assertThat(vm.notices()).last().satisfies(n -> {
            assertThat(n.title()).isEqualTo("Feedback not recorded");
            assertThat(n.text()).contains("Burned In Annotation = YES");
        });
        assertThat(new FeedbackStore(temp.resolve("feedback"), temp.resolve("key")).entries()).isEmpty();
    }

    @Test
    void imagesBeyondTheMemoryLimitAreReleasedAndDecodedAgainWhenShown() throws Exception {
        Path a = Files.copy(REAL, temp.resolve("a.dcm"));
        Path b = Files.copy(REAL, temp.resolve("b.dcm"));
        MainViewModel small = viewModel(1);
        small.open(List.of(a, b));
        WorklistItem first = small.selectedProperty().get();
        WorklistItem second = small.worklist().get(1);
        assertThat(first.file()).isEqualTo(a);
        assertThat(List.of(first, second)).allSatisfy(i ->
                assertThat(i.statusProperty().get()).isEqualTo(WorklistItem.Status.ANALYSED));
        assertThat(first.image()).isPresent();
        assertThat(second.image()).isEmpty();
        assertThat(second.released()).isTrue();
        assertThat(second.thumbnailProperty().get()).isNotNull();

        long audited = audit.entries();
        double probability = second.covidProbabilityProperty().get();
        small.selectedProperty().set(second);
        assertThat(second.image()).isPresent();
        assertThat(first.image()).isEmpty();
        assertThat(second.covidProbabilityProperty().get()).isEqualTo(probability);
        assertThat(audit.entries()).as("an unchanged file is not analysed again").isEqualTo(audited);
        assertThat(small.settled()).isTrue();

        // the file changed while its image was released: the new content is analysed
        Files.copy(REAL.resolveSibling("CR-MONO1-10-chest_rle.dcm"), a, StandardCopyOption.REPLACE_EXISTING);
        small.selectedProperty().set(first);
        assertThat(first.image()).isPresent();
        assertThat(first.sha256()).isNotEqualTo(second.sha256());
        assertThat(first.statusProperty().get()).isEqualTo(WorklistItem.Status.ANALYSED);
        assertThat(audit.entries()).isEqualTo(audited + 1);
        assertThat(small.settled()).isTrue();
    }

    @Test
    void anImageKeepsNamingTheModelThatAnalysedItAfterAnotherModelIsActivated() throws Exception {
        ModelStore site = TestModels.storeWithActiveModel(temp.resolve("site-store"));
        if (site.list().size() < 2) {
            site.publish(TestModels.tinyBundle(temp.resolve("other")));
        }
        String first = site.activeVersion().orElseThrow();
        String second = site.list().stream().map(m -> m.version()).filter(v -> !v.equals(first)).findFirst()
                .orElseThrow();
        try (AnalysisService service = new AnalysisService(site, audit, "tester", Clock.systemUTC())) {
            MainViewModel session = viewModel(service, MainViewModel.RESIDENT_IMAGES);
            session.open(List.of(REAL));
            WorklistItem a = session.selectedProperty().get();
            site.activate(second);
            session.open(List.of(Files.copy(REAL, temp.resolve("b.dcm"))));
            WorklistItem b = session.worklist().get(1);
            assertThat(b.result().orElseThrow().modelVersion()).isEqualTo(second);

            List<ModelCardContent> cards = new java.util.ArrayList<>();
            session.selectedProperty().set(a);
            assertThat(session.analysis().modelVersionProperty().get()).isEqualTo(first);
            session.readModelCard(cards::add);
            session.selectedProperty().set(b);
            assertThat(session.analysis().modelVersionProperty().get()).isEqualTo(second);
            session.readModelCard(cards::add);
            assertThat(cards).extracting(ModelCardContent::version).containsExactly(first, second);
            assertThat(cards.get(0).heading()).startsWith("Model " + first + " ");
        }
    }

    @Test
    void anOpenedFolderIsRememberedAsTheFolderNotAsEachImageInIt() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("study"));
        Files.copy(REAL, folder.resolve("a.dcm"));
        Files.copy(REAL, folder.resolve("b.dcm"));

        vm.open(List.of(folder));

        assertThat(vm.worklist()).hasSize(2);
        assertThat(vm.recentFiles()).containsExactly(folder.toAbsolutePath().normalize());
    }

    @Test
    void withoutAModelEveryImageSaysSoButTheUserIsToldOnce() throws Exception {
        ModelStore empty = ModelStore.open(temp.resolve("empty-store"),
                ModelStore.Settings.defaults().withBundledModels(BundledModels.none()));
        try (AnalysisService service = new AnalysisService(empty, audit, "tester", Clock.systemUTC())) {
            MainViewModel session = viewModel(service, MainViewModel.RESIDENT_IMAGES);
            session.open(List.of(REAL, Files.copy(REAL, temp.resolve("b.dcm")), Files.copy(REAL, temp.resolve("c.dcm"))));

            assertThat(session.worklist()).hasSize(3).allSatisfy(i -> {
                assertThat(i.statusProperty().get()).isEqualTo(WorklistItem.Status.NO_MODEL);
                assertThat(i.messageProperty().get()).contains("No model is active");
            });
            assertThat(session.notices()).filteredOn(n -> n.title().equals("Analysis not available")).hasSize(1);

            // Once a model is active, Analysis → Analyse again runs the selected image.
            empty.activate(empty.publish(TestModels.tinyBundle(temp.resolve("now-a-model"))).version());
            session.runAnyway();
            assertThat(session.selectedProperty().get().statusProperty().get())
                    .isEqualTo(WorklistItem.Status.ANALYSED);
        }
    }

    @Test
    void aModelShippedWithAnUpdateIsAnnouncedAndTheSitesModelStaysActive() throws IOException {
        Path root = temp.resolve("site-store");
        ModelStore site = ModelStore.open(root, ModelStore.Settings.defaults().withBundledModels(BundledModels.none()));
        site.activate(site.publish(TestModels.tinyBundle(temp.resolve("site-model"))).version());

        ModelStore updated = ModelStore.open(root); // the shipped models on the classpath are new to this store
        try (AnalysisService service = new AnalysisService(updated, audit, "tester", Clock.systemUTC())) {
            MainViewModel fresh = viewModel(service, MainViewModel.RESIDENT_IMAGES);
            fresh.warmUp();

            assertThat(fresh.notices()).anySatisfy(n -> {
                assertThat(n.level()).isEqualTo(Notice.Level.INFO);
                assertThat(n.title()).startsWith("New model ").endsWith(" available");
                assertThat(n.text()).contains("not active", "Models tab");
            });
            assertThat(fresh.analysis().modelVersionProperty().get()).isEqualTo("0.0.1-test");
        }
    }
}
