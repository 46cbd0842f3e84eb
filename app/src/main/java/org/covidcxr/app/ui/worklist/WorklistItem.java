package org.covidcxr.app.ui.worklist;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import org.covidcxr.app.imaging.ArgbRaster;
import org.covidcxr.app.session.LoadedImage;
import org.covidcxr.dicom.StudyInfo;
import org.covidcxr.inference.screening.Suitability;
import org.covidcxr.inference.serving.Diagnosis;

/** One opened image in the worklist: a row's ViewModel. Properties change on the UI thread only. */
public final class WorklistItem {

    public enum Status {
        OPENING("Opening…"),
        ANALYSING("Analysing…"),
        ANALYSED("Analysed"),
        FLAGGED("Not analysed — check flags"),
        NO_MODEL("Not analysed — no model"),
        FAILED("Analysis failed");

        private final String text;

        Status(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** Sort key and column value before a probability exists (sorts below every real probability). */
    public static final double NO_PROBABILITY = -1;

    private final Path file;
    private final ObjectProperty<LoadedImage> loaded = new SimpleObjectProperty<>();
    private final ObjectProperty<Diagnosis> diagnosis = new SimpleObjectProperty<>();
    private final ObjectProperty<Suitability> suitability = new SimpleObjectProperty<>(new Suitability(java.util.List.of()));
    private final ObjectProperty<ArgbRaster> thumbnail = new SimpleObjectProperty<>();
    private final StringProperty patient = new SimpleStringProperty("");
    private final StringProperty date = new SimpleStringProperty("");
    private final DoubleProperty covidProbability = new SimpleDoubleProperty(NO_PROBABILITY);
    private final ObjectProperty<Status> status = new SimpleObjectProperty<>(Status.OPENING);
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty radiologistLabel = new SimpleStringProperty("");
    private boolean released;
    private String sha256 = "";

    public WorklistItem(Path file) {
        this.file = file;
        diagnosis.addListener((o, a, d) -> covidProbability.set(d == null ? NO_PROBABILITY : d.covidProbability()));
    }

    /**
     * Called once the image is decoded, at first perhaps only at its reduced level ({@link #sharpened} brings the full
     * image), and again after {@link #release()}.
     */
    public void loaded(LoadedImage image, ArgbRaster thumb) {
        StudyInfo study = image.image().study();
        released = false;
        sha256 = image.sha256();
        loaded.set(image);
        thumbnail.set(thumb);
        patient.set(study.patientName().isEmpty() ? file.getFileName().toString() : study.patientName().replace('^', ' ').trim());
        date.set(study.studyDate().map(DateTimeFormatter.ISO_LOCAL_DATE::format).orElse(""));
        suitability.set(Suitability.of(image.analysisImage()));
    }

    /**
     * The full image has replaced the reduced level the item was opened with. Thumbnail, suitability and result
     * stand: they were made from the analysis image, which the full intake shares.
     */
    public void sharpened(LoadedImage full) {
        loaded.set(full);
    }

    /**
     * Runs {@code action} with the item's image at full resolution: now, or once the full image has replaced the
     * reduced level shown first (what leaves the workstation is never that level).
     */
    public void withFullImage(Consumer<LoadedImage> action) {
        LoadedImage now = loaded.get();
        if (now != null && !now.reduced()) {
            action.accept(now);
            return;
        }
        loaded.addListener(new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends LoadedImage> o, LoadedImage was, LoadedImage image) {
                if (image != null && !image.reduced()) {
                    o.removeListener(this);
                    action.accept(image);
                }
            }
        });
    }

    /**
     * Drops the decoded image to free memory; the row keeps its thumbnail, patient, date, result and status, and
     * the file is decoded again when the item is shown.
     */
    public void release() {
        if (loaded.get() != null) {
            loaded.set(null);
            released = true;
        }
    }

    /** SHA-256 of the file as last decoded (kept while released); empty before. */
    public String sha256() {
        return sha256;
    }

    /** True after {@link #release()} until the image is decoded again. */
    public boolean released() {
        return released;
    }

    public Path file() {
        return file;
    }

    public String fileName() {
        return file.getFileName().toString();
    }

    public Optional<LoadedImage> image() {
        return Optional.ofNullable(loaded.get());
    }

    public Optional<Diagnosis> result() {
        return Optional.ofNullable(diagnosis.get());
    }

    public ObjectProperty<LoadedImage> loadedProperty() {
        return loaded;
    }

    public ObjectProperty<Diagnosis> diagnosisProperty() {
        return diagnosis;
    }

    public ObjectProperty<Suitability> suitabilityProperty() {
        return suitability;
    }

    public ObjectProperty<ArgbRaster> thumbnailProperty() {
        return thumbnail;
    }

    public StringProperty patientProperty() {
        return patient;
    }

    public StringProperty dateProperty() {
        return date;
    }

    public DoubleProperty covidProbabilityProperty() {
        return covidProbability;
    }

    public ObjectProperty<Status> statusProperty() {
        return status;
    }

    /** Why the status is what it is (flag reasons, error text); empty otherwise. */
    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty radiologistLabelProperty() {
        return radiologistLabel;
    }
}
