package org.covidcxr.app.ui.main;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.covidcxr.app.analysis.AnalysisException;
import org.covidcxr.app.analysis.AnalysisService;
import org.covidcxr.app.analysis.CompactHeatMaps;
import org.covidcxr.app.analysis.Suitability;
import org.covidcxr.app.feedback.FeedbackStore;
import org.covidcxr.app.feedback.RadiologistLabel;
import org.covidcxr.app.report.ReportComposer;
import org.covidcxr.app.report.ReportContent;
import org.covidcxr.app.session.ImageFiles;
import org.covidcxr.app.session.LoadedImage;
import org.covidcxr.app.session.RecentFiles;
import org.covidcxr.app.ui.ArgbRaster;
import org.covidcxr.app.ui.Notice;
import org.covidcxr.app.ui.analysis.AnalysisViewModel;
import org.covidcxr.app.ui.metadata.MetadataViewModel;
import org.covidcxr.app.ui.viewer.ViewerViewModel;
import org.covidcxr.app.ui.worklist.WorklistItem;
import org.covidcxr.app.ui.worklist.WorklistItem.Status;
import org.covidcxr.dicom.AtomicFiles;
import org.covidcxr.dicom.BurnedInText;
import org.covidcxr.dicom.Deidentifier;
import org.covidcxr.dicom.DisplayPipeline;
import org.covidcxr.dicom.DisplaySettings;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.dicom.StudyInfo;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.modelstore.BundledModelNotice;

/**
 * The workstation's main ViewModel: opens images (off the UI thread), keeps the worklist, runs the analysis on
 * each opened image, and drives the viewer, analysis and metadata panels from the selection. Also the entry point
 * of the report, feedback and recent-files actions. Every property changes on the UI executor only.
 */
public final class MainViewModel {
    public static final int THUMBNAIL_SIZE = 60;

    /** What the workstation needs from the world; built by the composition root. */
    public record Services(AnalysisService analysis, FeedbackStore feedback, RecentFiles recentFiles, String user,
                           Clock clock) {
    }

    /**
     * Decoded images kept in memory: a 2000 × 2000 radiograph takes 16 MB decoded, so a folder of hundreds would not
     * fit in the heap; beyond this many, the least recently shown are released and decoded again when shown.
     */
    public static final int RESIDENT_IMAGES = 24;

    private final Services services;
    private final Executor background;
    private final Executor analysisThread;
    private final Executor ui;
    /** The last analysis failure notified, so that one cause is not announced once per image. */
    private String lastAnalysisProblem = "";

    private final ViewerViewModel viewer;
    private final AnalysisViewModel analysis = new AnalysisViewModel();
    private final MetadataViewModel metadata = new MetadataViewModel();

    // The extractor makes a sorted view re-sort when a probability arrives.
    private final ObservableList<WorklistItem> worklist = FXCollections.observableArrayList(
            item -> new Observable[] {item.covidProbabilityProperty(), item.statusProperty()});
    private final ObjectProperty<WorklistItem> selected = new SimpleObjectProperty<>();
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final ObservableList<Notice> notices = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper("Ready");
    private int pending;
    /** Items holding a decoded image, least recently shown or opened first. */
    private final Deque<WorklistItem> resident = new ArrayDeque<>();
    private final int residentImages;

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

    public MainViewModel(Services services, Threads threads) {
        this(services, threads, RESIDENT_IMAGES);
    }

    /**
     * @param residentImages how many decoded images stay in memory (the selected one always does); the others are
     *                       decoded again from their files when shown
     */
    public MainViewModel(Services services, Threads threads, int residentImages) {
        if (residentImages < 1) {
            throw new IllegalArgumentException("at least the shown image must stay in memory");
        }
        this.residentImages = residentImages;
        this.services = services;
        this.background = threads.background();
        this.analysisThread = threads.analysis();
        this.ui = threads.ui();
        this.viewer = new ViewerViewModel(threads.display(), ui);
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
        begin("Opening…");
        background.execute(() -> {
            List<Path> files;
            try {
                files = ImageFiles.expand(chosen);
            } catch (UncheckedIOException e) {
                ui.execute(() -> {
                    notify(Notice.Level.ERROR, "Cannot open", e.getMessage());
                    end();
                });
                return;
            }
            // What the user chose (a folder stays one entry), written once, not once per image it holds.
            List<Path> recentNow = files.isEmpty() ? null : services.recentFiles().add(chosen);
            ui.execute(() -> {
                if (recentNow != null) {
                    recent.setAll(recentNow);
                }
                if (files.isEmpty()) {
                    notify(Notice.Level.WARNING, "Nothing to open", "No images (DICOM, PNG, JPEG) were found in "
                            + chosen.get(0) + (chosen.size() > 1 ? " and the other items" : "") + ".");
                }
                // The first image of what the user just opened is shown, as soon as it is decoded.
                for (int i = 0; i < files.size(); i++) {
                    openOne(files.get(i), i == 0);
                }
                end();
            });
        });
    }

    private void openOne(Path file, boolean show) {
        WorklistItem existing = worklist.stream().filter(i -> i.file().equals(file)).findFirst().orElse(null);
        if (existing != null) {
            if (show) {
                selected.set(existing);
            }
            return;
        }
        WorklistItem item = new WorklistItem(file);
        worklist.add(item);
        begin("Opening " + file.getFileName() + "…");
        background.execute(() -> {
            try {
                LoadedImage loaded = LoadedImage.read(file);
                ArgbRaster thumb = ArgbRaster.greyScaledToFit(loaded.image().width(), loaded.image().height(),
                        DisplayPipeline.render(loaded.image(), DisplaySettings.fileDefault(loaded.image())).gray8(),
                        THUMBNAIL_SIZE);
                ui.execute(() -> {
                    item.loaded(loaded, thumb);
                    if (show || selected.get() == null || selected.get().image().isEmpty()) {
                        selected.set(item);
                    } else if (selected.get() == item) {
                        showSelected(item);
                    }
                    analyse(item, false);
                    keepResident(item);
                    end();
                });
            } catch (ImageReadException | RuntimeException | OutOfMemoryError e) {
                String message = e instanceof ImageReadException ? e.getMessage()
                        : e instanceof OutOfMemoryError ? file.getFileName() + ": there is not enough memory to open "
                        + "this image now. Close other images or programs and open it again."
                        : file.getFileName() + ": could not be opened (" + e.getClass().getSimpleName() + ": "
                        + e.getMessage() + "). If other viewers open it, please report the file to your support.";
                ui.execute(() -> {
                    worklist.remove(item);
                    resident.remove(item);
                    if (selected.get() == item) {
                        selected.set(worklist.isEmpty() ? null : worklist.get(0));
                    }
                    notify(Notice.Level.ERROR, "Cannot open " + file.getFileName(), message);
                    end();
                });
            }
        });
    }

    // --- analysis -------------------------------------------------------------------------------------------

    /** Analyses the selected image again (e.g. after a model was activated), even when it is flagged as unsuitable. */
    public void runAnyway() {
        WorklistItem item = selected.get();
        if (item != null && item.image().isPresent()) {
            analyse(item, true);
        }
    }

    private void analyse(WorklistItem item, boolean explicitly) {
        LoadedImage input = item.image().orElseThrow();
        if (!explicitly && !item.suitabilityProperty().get().suitable()) {
            item.statusProperty().set(Status.FLAGGED);
            item.messageProperty().set(String.join(" ", item.suitabilityProperty().get().reasons()));
            return;
        }
        item.statusProperty().set(Status.ANALYSING);
        begin("Analysing " + item.fileName() + "…");
        analysisThread.execute(() -> {
            try {
                List<String> pixelConcerns = explicitly ? List.of() : services.analysis().pixelConcerns(input);
                if (!pixelConcerns.isEmpty()) {
                    ui.execute(() -> {
                        item.suitabilityProperty().set(new Suitability(pixelConcerns));
                        item.statusProperty().set(Status.FLAGGED);
                        item.messageProperty().set(String.join(" ", pixelConcerns));
                        end();
                    });
                    return;
                }
                AnalysisService.Result result = services.analysis().analyse(input);
                var device = services.analysis().device();
                Diagnosis diagnosis = CompactHeatMaps.of(result.diagnosis());
                ui.execute(() -> {
                    lastAnalysisProblem = "";
                    analysis.model(result.model(), device);
                    item.diagnosisProperty().set(diagnosis);
                    item.messageProperty().set("");
                    item.statusProperty().set(Status.ANALYSED);
                    if (selected.get() == item) {
                        viewer.showDiagnosis(diagnosis);
                    }
                    end();
                });
            } catch (AnalysisException | RuntimeException e) {
                ui.execute(() -> {
                    boolean noModel = e instanceof AnalysisException a && a.noModel();
                    String problem = e.getMessage() != null ? e.getMessage() : "the analysis failed unexpectedly ("
                            + e.getClass().getSimpleName() + "). Run it again (Analysis → Analyse again); if it fails "
                            + "again, report it with the log.";
                    item.statusProperty().set(noModel ? Status.NO_MODEL : Status.FAILED);
                    item.messageProperty().set(problem);
                    // A missing or broken model fails every image the same way: say it once, not once per image.
                    if (!problem.equals(lastAnalysisProblem)) {
                        notify(Notice.Level.ERROR, "Analysis not available", item.fileName() + ": " + problem);
                    }
                    lastAnalysisProblem = problem;
                    end();
                });
            }
        });
    }

    private void showSelected(WorklistItem item) {
        if (item != null && item.released()) {
            reload(item);
        } else if (item != null && item.image().isPresent()) {
            keepResident(item);
        }
        viewer.show(item == null ? null : item.image().map(LoadedImage::image).orElse(null),
                item == null ? null : item.result().orElse(null));
        analysis.show(item);
        metadata.show(item == null ? null : item.image().orElse(null));
    }

    /** Marks the item as most recently used and releases the least recently used beyond the limit. */
    private void keepResident(WorklistItem item) {
        resident.remove(item);
        resident.addLast(item);
        for (var it = resident.iterator(); resident.size() > residentImages && it.hasNext(); ) {
            WorklistItem oldest = it.next();
            if (oldest != selected.get()) {
                it.remove();
                oldest.release();
            }
        }
    }

    /** Decodes a released item's file again; the analysis is redone only if the file changed meanwhile. */
    private void reload(WorklistItem item) {
        String before = item.sha256();
        begin("Opening " + item.fileName() + "…");
        background.execute(() -> {
            try {
                LoadedImage loaded = LoadedImage.read(item.file());
                ui.execute(() -> {
                    item.loaded(loaded, item.thumbnailProperty().get());
                    if (!loaded.sha256().equals(before)) {
                        item.diagnosisProperty().set(null);
                        analyse(item, false);
                    }
                    if (selected.get() == item) {
                        showSelected(item);
                    } else {
                        keepResident(item);
                    }
                    end();
                });
            } catch (ImageReadException | RuntimeException e) {
                ui.execute(() -> {
                    item.statusProperty().set(Status.FAILED);
                    item.messageProperty().set("The file can no longer be read: " + e.getMessage());
                    notify(Notice.Level.ERROR, "Cannot show " + item.fileName(), e.getMessage());
                    end();
                });
            }
        });
    }

    // --- report and feedback --------------------------------------------------------------------------------

    /** Writes the one-page report of the selected, analysed image (as seen: window, overlay) to a PNG file. */
    public void exportReport(Path file) {
        WorklistItem item = selected.get();
        ArgbRaster shown = viewer.renderedProperty().get();
        if (item == null || item.result().isEmpty() || item.image().isEmpty() || shown == null) {
            notify(Notice.Level.WARNING, "No report", "Open an image and wait for its analysis before exporting a report.");
            return;
        }
        Diagnosis d = item.result().get();
        LoadedImage input = item.image().orElseThrow();
        String cls = viewer.overlayClassProperty().get();
        boolean overlay = viewer.overlayVisibleProperty().get() && cls != null && d.classes().contains(cls);
        float opacity = (float) viewer.overlayOpacityProperty().get();
        List<String> flags = item.suitabilityProperty().get().shownWith(Optional.of(d));
        String intendedUse = analysis.intendedUse(d.modelVersion());
        begin("Writing report…");
        background.execute(() -> {
            try {
                BufferedImage base = new BufferedImage(shown.width(), shown.height(), BufferedImage.TYPE_INT_RGB);
                base.setRGB(0, 0, shown.width(), shown.height(), shown.pixels(), 0, shown.width());
                BufferedImage page = overlay ? ReportComposer.withOverlay(base, d.heatMap(cls), opacity) : base;
                ReportContent content = new ReportContent(page,
                        overlay ? "Grad-CAM heat map of class " + cls : "", input.sha256(),
                        describe(input.image().study()), AnalysisService.probabilities(d), d.covidProbability(),
                        d.operatingThreshold(), d.verdict(), d.modelVersion(),
                        intendedUse, flags, ZonedDateTime.now(services.clock()));
                ReportComposer.writePng(content, file);
                ui.execute(() -> {
                    notify(Notice.Level.INFO, "Report written", file.toString());
                    if (input.image().study().burnedInAnnotation()) {
                        notify(Notice.Level.WARNING, "Report shows burned-in text", sentence(
                                BurnedInText.PRESENT_REASON) + ", and the report shows its pixels. Treat the report "
                                + "as identifiable.");
                    }
                    end();
                });
            } catch (IOException | RuntimeException e) {
                ui.execute(() -> {
                    notify(Notice.Level.ERROR, "Report not written", file + ": " + e.getMessage());
                    end();
                });
            }
        });
    }

    /**
     * Writes a de-identified copy of the selected image: a DICOM copy (PS3.15 profile, pixel data untouched) when the
     * target ends in {@code .dcm} and the source is DICOM, else a PNG of the default display (pixels only).
     */
    public void exportDeidentified(Path target) {
        WorklistItem item = selected.get();
        if (item == null || item.image().isEmpty()) {
            notify(Notice.Level.WARNING, "No image", "Open an image before exporting a de-identified copy.");
            return;
        }
        LoadedImage input = item.image().get();
        if (input.image().study().burnedInAnnotation()) {
            notify(Notice.Level.ERROR, "De-identified copy not written", sentence(BurnedInText.PRESENT_REASON)
                    + "; neither a DICOM nor a PNG copy of its pixels is de-identified. Clean the pixels with a "
                    + "dedicated tool first.");
            return;
        }
        if (AtomicFiles.wouldReplace(target, input.file())) {
            notify(Notice.Level.ERROR, "De-identified copy not written", "The copy would replace the original "
                    + target.getFileName() + "; choose another file name or folder.");
            return;
        }
        boolean dicom = target.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".dcm");
        begin("Exporting de-identified copy…");
        background.execute(() -> {
            try {
                if (dicom) {
                    new Deidentifier().deidentify(input.file(), target);
                } else {
                    DisplayPipeline.render(input.image(), DisplaySettings.fileDefault(input.image())).writePng(target);
                }
                ui.execute(() -> {
                    if (input.image().study().burnedInText() == BurnedInText.NOT_STATED) {
                        // De-identification cleans the header; only the file can vouch for the pixels.
                        notify(Notice.Level.WARNING, "De-identified copy written: check its pixels", target
                                + ": the file does not say whether text is burned into the image. Look at the copy "
                                + "for names, IDs or dates in the pixels before it leaves the hospital.");
                    } else {
                        notify(Notice.Level.INFO, "De-identified copy written", target.toString());
                    }
                    end();
                });
            } catch (ImageReadException | IOException | RuntimeException e) {
                ui.execute(() -> {
                    notify(Notice.Level.ERROR, "De-identified copy not written", e.getMessage());
                    end();
                });
            }
        });
    }

    private static String sentence(String clause) {
        return Character.toUpperCase(clause.charAt(0)) + clause.substring(1);
    }

    /** Stores the radiologist's label of the selected image (de-identified) in the feedback dataset. */
    public void recordFeedback(RadiologistLabel label) {
        WorklistItem item = selected.get();
        if (item == null || item.image().isEmpty()) {
            notify(Notice.Level.WARNING, "No image", "Open an image before recording a radiologist label.");
            return;
        }
        LoadedImage input = item.image().get();
        if (input.image().study().burnedInAnnotation()) {
            // The feedback dataset holds de-identified pixels only; it is copied into training runs.
            notify(Notice.Level.ERROR, "Feedback not recorded", sentence(BurnedInText.PRESENT_REASON)
                    + ", so its pixels cannot join the de-identified feedback dataset. Label a copy whose pixels were "
                    + "cleaned with a dedicated tool.");
            return;
        }
        Optional<Diagnosis> d = item.result();
        begin("Recording feedback…");
        background.execute(() -> {
            try {
                StudyInfo s = input.image().study();
                services.feedback().record(DisplayPipeline.render(input.image(),
                        DisplaySettings.fileDefault(input.image())).toBufferedImage(), label, s.patientId(),
                        input.sha256(), s.viewPosition(), d.map(Diagnosis::modelVersion).orElse(""),
                        d.map(x -> (double) x.covidProbability()), services.clock().instant(), services.user());
                ui.execute(() -> {
                    item.radiologistLabelProperty().set(label.code());
                    notify(Notice.Level.INFO, "Feedback recorded", item.fileName() + " labelled " + label.code()
                            + " in " + services.feedback().root());
                    end();
                });
            } catch (IOException | RuntimeException e) {
                ui.execute(() -> {
                    notify(Notice.Level.ERROR, "Feedback not recorded", e.getMessage());
                    end();
                });
            }
        });
    }

    /** Default report file name: no patient data, just the date and a short input hash. */
    public String suggestedReportName() {
        WorklistItem item = selected.get();
        String hash = item == null ? "" : item.image().map(i -> "-" + i.sha256().substring(0, 8)).orElse("");
        return "cxr-report-" + DateTimeFormatter.BASIC_ISO_DATE.format(ZonedDateTime.now(services.clock())) + hash
                + ".png";
    }

    /** Modality and view only: dates, like names and IDs, stay inside the workstation. */
    private static String describe(StudyInfo s) {
        List<String> parts = new ArrayList<>();
        if (!s.modality().isEmpty()) {
            parts.add(s.modality());
        }
        if (!s.viewPosition().isEmpty()) {
            parts.add(s.viewPosition());
        }
        return String.join(", ", parts);
    }

    // --- busy state and notices -----------------------------------------------------------------------------

    private void begin(String text) {
        pending++;
        busy.set(true);
        statusText.set(text);
    }

    private void end() {
        pending = Math.max(0, pending - 1);
        busy.set(pending > 0);
        if (pending == 0) {
            statusText.set(worklist.size() + (worklist.size() == 1 ? " image" : " images"));
        }
    }

    private void notify(Notice.Level level, String title, String text) {
        notices.add(new Notice(level, title, text));
    }

    /**
     * True when nothing is pending and the selected image is shown with its analysis (rendered image and, when
     * analysed, overlay): what the screenshot and benchmark commands and the UI tests wait for.
     */
    public boolean settled() {
        WorklistItem item = selected.get();
        return !busy.get() && item != null && item.image().isPresent() && viewer.renderedProperty().get() != null
                && (item.result().isEmpty() || viewer.overlayProperty().get() != null)
                && item.statusProperty().get() != Status.ANALYSING;
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
        return worklist;
    }

    public ObjectProperty<WorklistItem> selectedProperty() {
        return selected;
    }

    public ObservableList<Path> recentFiles() {
        return recent;
    }

    /** Everything the user was told, oldest first; the view shows each new one as a notification. */
    public ObservableList<Notice> notices() {
        return notices;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }
}
