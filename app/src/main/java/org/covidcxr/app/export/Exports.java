package org.covidcxr.app.export;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.covidcxr.app.analysis.AnalysisService;
import org.covidcxr.app.feedback.FeedbackStore;
import org.covidcxr.app.feedback.RadiologistLabel;
import org.covidcxr.app.imaging.ArgbRaster;
import org.covidcxr.app.report.ReportComposer;
import org.covidcxr.app.report.ReportContent;
import org.covidcxr.app.session.LoadedImage;
import org.covidcxr.dicom.BurnedInText;
import org.covidcxr.dicom.Deidentifier;
import org.covidcxr.dicom.DisplayPipeline;
import org.covidcxr.dicom.DisplaySettings;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.dicom.StudyInfo;
import org.covidcxr.files.AtomicFiles;
import org.covidcxr.inference.serving.Diagnosis;

/**
 * Everything that leaves the workstation or is kept for training: the one-page report, the de-identified copy and the
 * radiologist's label in the feedback dataset. Each says why it refuses an image before any work starts, and the
 * writers are slow (never on the UI thread). What they return is a caution for the user, if any.
 */
public final class Exports {
    private final FeedbackStore feedback;
    private final String user;
    private final Clock clock;

    public Exports(FeedbackStore feedback, String user, Clock clock) {
        this.feedback = feedback;
        this.user = user;
        this.clock = clock;
    }

    /**
     * The report as seen on screen.
     *
     * @param shown        the displayed image (window as the user set it), without overlay
     * @param overlayClass the heat map blended in, if the user shows one
     * @param flags        reasons the model should not have judged this image
     */
    public record ReportRequest(LoadedImage input, Diagnosis diagnosis, ArgbRaster shown, Optional<String> overlayClass,
                                float opacity, List<String> flags, String intendedUse) {
    }

    /** Writes the one-page report (PNG); the caution says when it shows burned-in text. */
    public Optional<String> writeReport(ReportRequest r, Path file) throws IOException {
        BufferedImage base = new BufferedImage(r.shown().width(), r.shown().height(), BufferedImage.TYPE_INT_RGB);
        base.setRGB(0, 0, r.shown().width(), r.shown().height(), r.shown().pixels(), 0, r.shown().width());
        Diagnosis d = r.diagnosis();
        BufferedImage page = r.overlayClass().map(c -> ReportComposer.withOverlay(base, d.heatMap(c), r.opacity()))
                .orElse(base);
        ReportContent content = new ReportContent(page,
                r.overlayClass().map(c -> "Grad-CAM heat map of class " + c).orElse(""), r.input().sha256(),
                describe(r.input().image().study()), AnalysisService.probabilities(d), d.covidProbability(),
                d.operatingThreshold(), d.verdict(), d.modelVersion(), r.intendedUse(), r.flags(),
                ZonedDateTime.now(clock));
        ReportComposer.writePng(content, file);
        return r.input().image().study().burnedInAnnotation()
                ? Optional.of(sentence(BurnedInText.PRESENT_REASON) + ", and the report shows its pixels. Treat the "
                + "report as identifiable.")
                : Optional.empty();
    }

    /** Default report file name: no patient data, just the date and a short input hash. */
    public String suggestedReportName(Optional<LoadedImage> input) {
        return "cxr-report-" + DateTimeFormatter.BASIC_ISO_DATE.format(ZonedDateTime.now(clock))
                + input.map(i -> "-" + i.sha256().substring(0, 8)).orElse("") + ".png";
    }

    /** Why no de-identified copy of this image may be written to {@code target}; empty when it may. */
    public static Optional<String> deidentifiedCopyRefusal(LoadedImage input, Path target) {
        if (input.image().study().burnedInAnnotation()) {
            return Optional.of(sentence(BurnedInText.PRESENT_REASON) + "; neither a DICOM nor a PNG copy of its pixels "
                    + "is de-identified. Clean the pixels with a dedicated tool first.");
        }
        if (AtomicFiles.wouldReplace(target, input.file())) {
            return Optional.of("The copy would replace the original " + target.getFileName()
                    + "; choose another file name or folder.");
        }
        return Optional.empty();
    }

    /**
     * Writes a de-identified copy: a DICOM copy (PS3.15 profile, pixel data untouched) when the target ends in
     * {@code .dcm}, else a PNG of the default display (pixels only). The caution asks the user to look at the pixels
     * when the file does not vouch for them.
     */
    public Optional<String> writeDeidentifiedCopy(LoadedImage input, Path target) throws IOException,
            ImageReadException {
        if (target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dcm")) {
            new Deidentifier().deidentify(input.file(), target);
        } else {
            DisplayPipeline.render(input.image(), DisplaySettings.fileDefault(input.image())).writePng(target);
        }
        // De-identification cleans the header; only the file can vouch for the pixels.
        return input.image().study().burnedInText() == BurnedInText.NOT_STATED
                ? Optional.of(target + ": the file does not say whether text is burned into the image. Look at the "
                + "copy for names, IDs or dates in the pixels before it leaves the hospital.")
                : Optional.empty();
    }

    /** Why this image cannot join the feedback dataset; empty when it can. */
    public static Optional<String> feedbackRefusal(LoadedImage input) {
        // The feedback dataset holds de-identified pixels only; it is copied into training runs.
        return input.image().study().burnedInAnnotation()
                ? Optional.of(sentence(BurnedInText.PRESENT_REASON) + ", so its pixels cannot join the de-identified "
                + "feedback dataset. Label a copy whose pixels were cleaned with a dedicated tool.")
                : Optional.empty();
    }

    /** Stores the radiologist's label of the image (de-identified) in the feedback dataset. */
    public void recordFeedback(LoadedImage input, Optional<Diagnosis> diagnosis, RadiologistLabel label)
            throws IOException {
        StudyInfo s = input.image().study();
        feedback.record(DisplayPipeline.render(input.image(), DisplaySettings.fileDefault(input.image()))
                        .toBufferedImage(), label, s.patientId(), input.sha256(), s.viewPosition(),
                diagnosis.map(Diagnosis::modelVersion).orElse(""), diagnosis.map(x -> (double) x.covidProbability()),
                clock.instant(), user);
    }

    public Path feedbackFolder() {
        return feedback.root();
    }

    private static String sentence(String clause) {
        return Character.toUpperCase(clause.charAt(0)) + clause.substring(1);
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
}
