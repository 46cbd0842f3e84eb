package org.covidcxr.app.ui.main;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableObjectValue;
import javafx.beans.value.ObservableValue;
import org.covidcxr.app.export.Exports;
import org.covidcxr.app.feedback.RadiologistLabel;
import org.covidcxr.app.imaging.ArgbRaster;
import org.covidcxr.app.session.LoadedImage;
import org.covidcxr.app.ui.analysis.AnalysisViewModel;
import org.covidcxr.app.ui.common.BackgroundWork;
import org.covidcxr.app.ui.common.Notice;
import org.covidcxr.app.ui.viewer.ViewerViewModel;
import org.covidcxr.app.ui.worklist.WorklistItem;
import org.covidcxr.inference.serving.Diagnosis;

/**
 * What leaves the workstation from the selected image (the report as seen, a de-identified copy) and the
 * radiologist's label of it: checks what can be checked at once, then hands the writing to {@link Exports} in the
 * background. Each is made from the full image: one asked for while a large JPEG 2000 image is still shown at its
 * reduced level runs once the full image is there (a second or so).
 */
public final class ExportsViewModel {
    private final Exports exports;
    private final BackgroundWork work;
    private final Executor background;
    private final ObservableObjectValue<WorklistItem> selected;
    private final ViewerViewModel viewer;
    private final AnalysisViewModel analysis;

    ExportsViewModel(Exports exports, BackgroundWork work, Executor background,
                     ObservableObjectValue<WorklistItem> selected, ViewerViewModel viewer, AnalysisViewModel analysis) {
        this.exports = exports;
        this.work = work;
        this.background = background;
        this.selected = selected;
        this.viewer = viewer;
        this.analysis = analysis;
    }

    /** Writes the one-page report of the selected, analysed image (as seen: window, overlay) to a PNG file. */
    public void exportReport(Path file) {
        whenShownWhole("Report not written", () -> writeReport(file));
    }

    private void writeReport(Path file) {
        WorklistItem item = selected.get();
        ArgbRaster shown = viewer.renderedProperty().get();
        if (item == null || item.result().isEmpty() || item.image().isEmpty() || shown == null) {
            notify(Notice.Level.WARNING, "No report", "Open an image and wait for its analysis before exporting a report.");
            return;
        }
        Diagnosis d = item.result().get();
        String cls = viewer.overlayClassProperty().get();
        boolean overlay = viewer.overlayVisibleProperty().get() && cls != null && d.classes().contains(cls);
        Exports.ReportRequest request = new Exports.ReportRequest(item.image().get(), d, shown,
                overlay ? Optional.of(cls) : Optional.empty(), (float) viewer.overlayOpacityProperty().get(),
                item.suitabilityProperty().get().shownWith(Optional.of(d)), analysis.intendedUse(d.modelVersion()));
        work.run(background, "Writing report…", () -> exports.writeReport(request, file), caution -> {
            notify(Notice.Level.INFO, "Report written", file.toString());
            caution.ifPresent(c -> notify(Notice.Level.WARNING, "Report shows burned-in text", c));
        }, e -> notify(Notice.Level.ERROR, "Report not written", file + ": " + BackgroundWork.messageOf(e)));
    }

    /**
     * Writes a de-identified copy of the selected image: a DICOM copy (PS3.15 profile, pixel data untouched) when the
     * target ends in {@code .dcm} and the source is DICOM, else a PNG of the default display (pixels only).
     */
    public void exportDeidentified(Path target) {
        whenShownWhole("De-identified copy not written", () -> writeDeidentified(target));
    }

    private void writeDeidentified(Path target) {
        Optional<LoadedImage> input = selectedImage("Open an image before exporting a de-identified copy.");
        if (input.isEmpty()) {
            return;
        }
        Optional<String> refusal = Exports.deidentifiedCopyRefusal(input.get(), target);
        if (refusal.isPresent()) {
            notify(Notice.Level.ERROR, "De-identified copy not written", refusal.get());
            return;
        }
        work.run(background, "Exporting de-identified copy…", () -> exports.writeDeidentifiedCopy(input.get(), target),
                caution -> caution.ifPresentOrElse(
                        c -> notify(Notice.Level.WARNING, "De-identified copy written: check its pixels", c),
                        () -> notify(Notice.Level.INFO, "De-identified copy written", target.toString())),
                work.notice("De-identified copy not written"));
    }

    /** Stores the radiologist's label of the selected image (de-identified) in the feedback dataset. */
    public void recordFeedback(RadiologistLabel label) {
        whenShownWhole("Feedback not recorded", () -> writeFeedback(label));
    }

    private void writeFeedback(RadiologistLabel label) {
        Optional<LoadedImage> input = selectedImage("Open an image before recording a radiologist label.");
        if (input.isEmpty()) {
            return;
        }
        Optional<String> refusal = Exports.feedbackRefusal(input.get());
        if (refusal.isPresent()) {
            notify(Notice.Level.ERROR, "Feedback not recorded", refusal.get());
            return;
        }
        WorklistItem item = selected.get();
        Optional<Diagnosis> d = item.result();
        work.run(background, "Recording feedback…", () -> {
            exports.recordFeedback(input.get(), d, label);
            return label;
        }, recorded -> {
            item.radiologistLabelProperty().set(recorded.code());
            notify(Notice.Level.INFO, "Feedback recorded", item.fileName() + " labelled " + recorded.code()
                    + " in " + exports.feedbackFolder());
        }, work.notice("Feedback not recorded"));
    }

    /**
     * Runs {@code export} now, or, while the viewer shows a reduced level, once it shows the full image of the same
     * selection (the report is the image as seen; the copy and the label are made from the item's image, full by
     * then). Should the user select another image first, the export is dropped and the user told under {@code title}.
     */
    private void whenShownWhole(String title, Runnable export) {
        if (!viewer.reducedProperty().get()) {
            export.run();
            return;
        }
        WorklistItem waitingFor = selected.get();
        viewer.reducedProperty().addListener(new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends Boolean> o, Boolean was, Boolean reduced) {
                if (reduced) {
                    return;
                }
                o.removeListener(this);
                if (selected.get() == waitingFor) {
                    export.run();
                } else {
                    work.notify(Notice.Level.WARNING, title, "Another image was selected before "
                            + waitingFor.fileName() + " was shown at full resolution. Select it again and repeat.");
                }
            }
        });
    }

    /** The selected item's decoded image; when there is none, the user is told {@code missing}. */
    private Optional<LoadedImage> selectedImage(String missing) {
        WorklistItem item = selected.get();
        if (item == null || item.image().isEmpty()) {
            notify(Notice.Level.WARNING, "No image", missing);
            return Optional.empty();
        }
        return item.image();
    }

    /** Default report file name: no patient data, just the date and a short input hash. */
    public String suggestedReportName() {
        WorklistItem item = selected.get();
        return exports.suggestedReportName(item == null ? Optional.empty() : item.image());
    }

    private void notify(Notice.Level level, String title, String text) {
        work.notify(level, title, text);
    }
}
