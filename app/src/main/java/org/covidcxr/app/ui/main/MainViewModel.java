package org.covidcxr.app.ui.main;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.covidcxr.app.analysis.AnalysisException;
import org.covidcxr.app.analysis.AnalysisService;
import org.covidcxr.app.export.Exports;
import org.covidcxr.app.feedback.FeedbackStore;
import org.covidcxr.app.feedback.RadiologistLabel;
import org.covidcxr.app.home.LogFile;
import org.covidcxr.app.session.ImageFiles;
import org.covidcxr.app.session.LoadedImage;
import org.covidcxr.app.session.OpenedImage;
import org.covidcxr.app.session.RecentFiles;
import org.covidcxr.app.ui.analysis.AnalysisActions;
import org.covidcxr.app.ui.analysis.AnalysisViewModel;
import org.covidcxr.app.ui.common.BackgroundWork;
import org.covidcxr.app.ui.common.Notice;
import org.covidcxr.app.ui.metadata.MetadataViewModel;
import org.covidcxr.app.ui.models.ModelCardContent;
import org.covidcxr.app.ui.models.ModelCardSections;
import org.covidcxr.app.ui.viewer.ViewerViewModel;
import org.covidcxr.app.ui.worklist.Worklist;
import org.covidcxr.app.ui.worklist.WorklistItem;
import org.covidcxr.app.ui.worklist.WorklistItem.Status;
import org.covidcxr.dicom.StagedIntake;
import org.covidcxr.inference.screening.Suitability;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.modelstore.BundledModelNotice;
import org.covidcxr.modelstore.ModelBundle;

/**
 * The workstation's main ViewModel: drives the worklist, the viewer, analysis and metadata panels from the selection,
 * and hands each slow step (decoding, analysis, exports) to a service on a background thread through
 * {@link BackgroundWork}. Every property changes on the UI executor only.
 */
public final class MainViewModel implements AnalysisActions {
    public static final int THUMBNAIL_SIZE = 60;

    /** What the workstation needs from the world; built by the composition root. */
    public record Services(AnalysisService analysis, FeedbackStore feedback, RecentFiles recentFiles, String user,
                           Clock clock, Path logFolder) {
    }

    /** Decoded images kept in memory; see {@link Worklist}. */
    public static final int RESIDENT_IMAGES = 24;

    /**
     * Where the work runs.
     *
     * @param background decoding, exports, feedback (may run several tasks at once)
     * @param display    rendering the shown image and its heat map: apart from decoding, so that opening a folder
     *                   of hundreds of images never holds up the image on screen
     * @param analysis   model inference, one at a time
     * @param ui         the UI thread ({@code Platform::runLater}; a direct executor in tests)
     */
    public record Threads(Executor background, Executor display, Executor analysis, Executor ui) {
    }

    private final Services services;
    private final ExportsViewModel exports;
    private final Executor background;
    private final Executor analysisThread;
    private final Executor ui;
    private final BackgroundWork work;
    private final Worklist worklist;
    /** The last analysis failure notified, so that one cause is not announced once per image. */
    private String lastAnalysisProblem = "";

    private final ViewerViewModel viewer;
    private final AnalysisViewModel analysis = new AnalysisViewModel();
    private final MetadataViewModel metadata = new MetadataViewModel();
    private final ObjectProperty<WorklistItem> selected = new SimpleObjectProperty<>();
    private final ObservableList<Path> recent = FXCollections.observableArrayList();

    public MainViewModel(Services services, Threads threads) {
        this(services, threads, RESIDENT_IMAGES);
    }

    /**
     * @param residentImages how many decoded images stay in memory (the selected one always does); the others are
     *                       decoded again from their files when shown
     */
    public MainViewModel(Services services, Threads threads, int residentImages) {
        this.worklist = new Worklist(residentImages);
        this.services = services;
        this.background = threads.background();
        this.analysisThread = threads.analysis();
        this.ui = threads.ui();
        this.work = new BackgroundWork(ui, worklist::summary);
        this.viewer = new ViewerViewModel(threads.display(), ui);
        this.exports = new ExportsViewModel(new Exports(services.feedback(), services.user(), services.clock()), work,
                background, selected, viewer, analysis);
        recent.setAll(services.recentFiles().list());
        selected.addListener((o, old, item) -> showSelected(item));
    }

    /**
     * Points to what the model store found about the shipped models (e.g. a newer one added, not active; the Models
     * tab gives the details) and loads the active model in the background so that the first analysis does not wait
     * for it.
     */
    public void warmUp() {
        services.analysis().bundledModelNotices().forEach(n -> {
            if (n.kind() == BundledModelNotice.Kind.ADDED) {
                notify(Notice.Level.INFO, "New model " + n.version() + " available", "Shipped with this version; "
                        + "not active. Read its model card in the Models tab and activate it there.");
            } else {
                notify(Notice.Level.WARNING, n.kind() == BundledModelNotice.Kind.NOT_ADDED ? "Model " + n.version()
                        + " not added" : "Model " + n.version() + " differs from the shipped one", "See the Models tab.");
            }
        });
        analysisThread.execute(() -> {
            try {
                var model = services.analysis().model();
                var device = services.analysis().device();
                ui.execute(() -> analysis.model(model, device));
            } catch (AnalysisException e) {
                ui.execute(() -> notify(Notice.Level.WARNING, "No model", e.getMessage()));
            }
        });
    }

    // --- opening --------------------------------------------------------------------------------------------

    /** Opens files and folders (recursively); each image is decoded in the background and then analysed. */
    public void open(List<Path> chosen) {
        if (chosen.isEmpty()) {
            return;
        }
        work.run(background, "Opening…", () -> {
            List<Path> files = ImageFiles.expand(chosen);
            // What the user chose (a folder stays one entry), written once, not once per image it holds.
            return new Opening(files, files.isEmpty() ? null : services.recentFiles().add(chosen));
        }, opening -> {
            if (opening.recent() != null) {
                recent.setAll(opening.recent());
            }
            if (opening.files().isEmpty()) {
                notify(Notice.Level.WARNING, "Nothing to open", "No images (DICOM, PNG, JPEG) were found in "
                        + chosen.get(0) + (chosen.size() > 1 ? " and the other items" : "") + ".");
            }
            // The first image of what the user just opened is shown, as soon as it is decoded.
            for (int i = 0; i < opening.files().size(); i++) {
                openOne(opening.files().get(i), i == 0);
            }
        }, work.notice("Cannot open"));
    }

    private record Opening(List<Path> files, List<Path> recent) {
    }

    /**
     * Adds an image that arrived from the PACS to the worklist and analyses it, without taking the view from the image
     * being read (it is shown only when nothing is) and without entering it among the recent files.
     */
    public void receive(Path file) {
        openOne(file, false);
    }

    private void openOne(Path file, boolean show) {
        Optional<WorklistItem> existing = worklist.find(file);
        if (existing.isPresent()) {
            if (show) {
                selected.set(existing.get());
            }
            return;
        }
        WorklistItem item = worklist.add(file);
        work.run(background, "Opening " + file.getFileName() + "…", () -> OpenedImage.open(file, THUMBNAIL_SIZE),
                opened -> {
                    item.loaded(opened.loaded(), opened.thumbnail());
                    if (show || selected.get() == null || selected.get().image().isEmpty()) {
                        selected.set(item);
                    } else if (selected.get() == item) {
                        showSelected(item);
                    }
                    analyse(item, false);
                    worklist.keepResident(item, selected.get());
                    // The full image is decoded once the analysis thread has done this image's analysis: on two
                    // cores the decode would slow the analysis, and the result is what the user waits for.
                    opened.fullImage().ifPresent(full -> analysisThread.execute(
                            () -> ui.execute(() -> sharpen(item, opened.loaded(), full))));
                }, e -> {
                    dropUnreadable(item);
                    notify(Notice.Level.ERROR, "Cannot open " + file.getFileName(), OpenedImage.problem(file, e));
                });
    }

    /**
     * Decodes the full image behind the reduced level an item was opened with and swaps it in: the analysis, made
     * from the reduced level (which the full intake shares, read from the same bytes), stands.
     */
    private void sharpen(WorklistItem item, LoadedImage reduced, StagedIntake intake) {
        // An item released meanwhile (opening a large folder) is read whole when it is shown again.
        if (item.image().orElse(null) != reduced) {
            return;
        }
        work.run(background, "Loading " + item.fileName() + " at full resolution…",
                () -> LoadedImage.of(item.file(), intake.full()), full -> {
                    if (item.image().orElse(null) != reduced) {
                        return;
                    }
                    item.sharpened(full);
                    if (selected.get() == item) {
                        viewer.sharpen(full.image());
                    }
                }, e -> {
                    dropUnreadable(item);
                    notify(Notice.Level.ERROR, "Cannot open " + item.fileName(), OpenedImage.problem(item.file(), e));
                });
    }

    private void dropUnreadable(WorklistItem item) {
        worklist.remove(item);
        if (selected.get() == item) {
            selected.set(worklist.items().isEmpty() ? null : worklist.items().get(0));
        }
    }

    // --- analysis -------------------------------------------------------------------------------------------

    /** Analyses the selected image again (e.g. after a model was activated), even when it is flagged as unsuitable. */
    @Override
    public void runAnyway() {
        WorklistItem item = selected.get();
        if (item != null && item.image().isPresent()) {
            analyse(item, true);
        }
    }

    private void analyse(WorklistItem item, boolean explicitly) {
        LoadedImage input = item.image().orElseThrow();
        if (!explicitly && !item.suitabilityProperty().get().suitable()) {
            flag(item, item.suitabilityProperty().get().reasons());
            return;
        }
        item.statusProperty().set(Status.ANALYSING);
        AnalysisService service = services.analysis();
        work.run(analysisThread, "Analysing " + item.fileName() + "…", () -> service.examine(input, !explicitly),
                outcome -> outcome.result().ifPresentOrElse(result -> {
                    lastAnalysisProblem = "";
                    analysis.model(result.model(), service.device());
                    item.diagnosisProperty().set(result.diagnosis());
                    item.messageProperty().set("");
                    item.statusProperty().set(Status.ANALYSED);
                    if (selected.get() == item) {
                        viewer.showDiagnosis(result.diagnosis());
                    }
                }, () -> {
                    item.suitabilityProperty().set(new Suitability(outcome.pixelConcerns()));
                    flag(item, outcome.pixelConcerns());
                }), e -> analysisFailed(item, e));
    }

    private static void flag(WorklistItem item, List<String> reasons) {
        item.statusProperty().set(Status.FLAGGED);
        item.messageProperty().set(String.join(" ", reasons));
    }

    private void analysisFailed(WorklistItem item, Throwable e) {
        boolean noModel = e instanceof AnalysisException a && a.noModel();
        String problem = e.getMessage() != null ? e.getMessage() : "the analysis failed unexpectedly ("
                + e.getClass().getSimpleName() + "). Run it again (Analysis → Analyse again); if it fails again, "
                + "report it with the log (Help → Open log folder).";
        item.statusProperty().set(noModel ? Status.NO_MODEL : Status.FAILED);
        item.messageProperty().set(problem);
        // A missing or broken model fails every image the same way: say it once, not once per image.
        if (!problem.equals(lastAnalysisProblem)) {
            notify(Notice.Level.ERROR, "Analysis not available", item.fileName() + ": " + problem);
        }
        lastAnalysisProblem = problem;
    }

    private void showSelected(WorklistItem item) {
        if (item != null && item.released()) {
            reload(item);
        } else if (item != null && item.image().isPresent()) {
            worklist.keepResident(item, selected.get());
        }
        Optional<LoadedImage> image = item == null ? Optional.empty() : item.image();
        Diagnosis result = item == null ? null : item.result().orElse(null);
        if (image.isPresent() && image.get().reduced()) {
            viewer.showReduced(image.get().image(), image.get().fullWidth(), result);
        } else {
            viewer.show(image.map(LoadedImage::image).orElse(null), result);
        }
        analysis.show(item);
        metadata.show(item == null ? null : item.image().orElse(null));
    }

    /** Decodes a released item's file again; the analysis is redone only if the file changed meanwhile. */
    private void reload(WorklistItem item) {
        String before = item.sha256();
        work.run(background, "Opening " + item.fileName() + "…", () -> LoadedImage.read(item.file()), loaded -> {
            item.loaded(loaded, item.thumbnailProperty().get());
            if (!loaded.sha256().equals(before)) {
                item.diagnosisProperty().set(null);
                analyse(item, false);
            }
            if (selected.get() == item) {
                showSelected(item);
            } else {
                worklist.keepResident(item, selected.get());
            }
        }, e -> {
            item.statusProperty().set(Status.FAILED);
            item.messageProperty().set("The file can no longer be read: " + e.getMessage());
            notify(Notice.Level.ERROR, "Cannot show " + item.fileName(), BackgroundWork.messageOf(e));
        });
    }

    // --- report, de-identified copy and feedback ------------------------------------------------------------

    public ExportsViewModel exports() {
        return exports;
    }

    @Override
    public void recordFeedback(RadiologistLabel label) {
        exports.recordFeedback(label);
    }

    @Override
    public void readModelCard(Consumer<ModelCardContent> show) {
        Optional<ModelBundle> model = analysis.shownModel();
        if (model.isEmpty()) {
            notify(Notice.Level.INFO, "No model card yet", "No model has analysed an image in this session yet.");
            return;
        }
        ModelBundle bundle = model.get();
        work.run(background, "Reading the model card…", () -> ModelCardSections.read(bundle.card(), bundle.directory()),
                show, work.notice("Model card not shown"));
    }

    /** Shows the log folder in the file manager; where it cannot, names the folder. */
    public void openLogFolder() {
        Path folder = services.logFolder();
        work.run(background, "Opening the log folder…", () -> {
            LogFile.openFolder(folder);
            return folder;
        }, shown -> { }, e -> notify(Notice.Level.INFO, "Log folder", "The log is in " + folder + " ("
                + BackgroundWork.messageOf(e) + ")."));
    }

    private void notify(Notice.Level level, String title, String text) {
        work.notify(level, title, text);
    }

    /**
     * True when nothing is pending and the selected image is shown at full resolution with its analysis (rendered
     * image and, when analysed, overlay): what the screenshot and benchmark commands and the UI tests wait for.
     */
    public boolean settled() {
        WorklistItem item = selected.get();
        return !work.busyProperty().get() && item != null && item.image().isPresent() && !item.image().get().reduced()
                && viewer.renderedProperty().get() != null && !viewer.reducedProperty().get()
                && (item.result().isEmpty() || viewer.overlayProperty().get() != null)
                && item.statusProperty().get() != Status.ANALYSING;
    }

    /**
     * True once the selected image is on screen with its result, gauge and heat map, perhaps still at the reduced
     * level it was opened with (its full image may still be decoding): what "open → gauge" measures.
     */
    public boolean resultShown() {
        WorklistItem item = selected.get();
        return item != null && item.statusProperty().get() == Status.ANALYSED
                && viewer.renderedProperty().get() != null && viewer.overlayProperty().get() != null;
    }

    // --- properties -----------------------------------------------------------------------------------------

    public ViewerViewModel viewer() {
        return viewer;
    }

    public AnalysisViewModel analysis() {
        return analysis;
    }

    public MetadataViewModel metadata() {
        return metadata;
    }

    public ObservableList<WorklistItem> worklist() {
        return worklist.items();
    }

    public ObjectProperty<WorklistItem> selectedProperty() {
        return selected;
    }

    @Override
    public ObservableBooleanValue hasSelection() {
        return Bindings.isNotNull(selected);
    }

    public ObservableList<Path> recentFiles() {
        return recent;
    }

    /** Everything the user was told, oldest first; the view shows each new one as a notification. */
    public ObservableList<Notice> notices() {
        return work.notices();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return work.busyProperty();
    }

    public ReadOnlyStringProperty statusTextProperty() {
        return work.statusProperty();
    }
}
