package org.covidcxr.app.ui.metadata;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.covidcxr.app.session.LoadedImage;
import org.covidcxr.dicom.StudyInfo;
import org.covidcxr.dicom.XrayImage;

/** The metadata panel: the study at a glance and a searchable attribute list. */
public final class MetadataViewModel {

    /** One line of the panel; {@code tag} is "(gggg,eeee)" for DICOM attributes, empty otherwise. */
    public record Row(String tag, String name, String value) {
    }

    private final ObservableList<Row> study = FXCollections.observableArrayList();
    private final ObservableList<Row> attributes = FXCollections.observableArrayList();
    private final FilteredList<Row> filtered = new FilteredList<>(attributes, r -> true);
    private final StringProperty search = new SimpleStringProperty("");

    public MetadataViewModel() {
        search.addListener((o, a, text) -> {
            String needle = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            // A name matches as shown ("Transfer Syntax") and as the keyword the file gives ("TransferSyntax").
            filtered.setPredicate(r -> needle.isEmpty() || r.name().toLowerCase(Locale.ROOT).contains(needle)
                    || r.name().replace(" ", "").toLowerCase(Locale.ROOT).contains(needle)
                    || r.value().toLowerCase(Locale.ROOT).contains(needle)
                    || r.tag().toLowerCase(Locale.ROOT).contains(needle));
        });
    }

    public void show(LoadedImage loaded) {
        if (loaded == null) {
            study.clear();
            attributes.clear();
            return;
        }
        study.setAll(studyRows(loaded));
        attributes.setAll(loaded.attributes().isEmpty() ? imageRows(loaded.image())
                : loaded.attributes().stream().map(a -> new Row(a.tag(), "  ".repeat(a.depth()) + words(a.name()),
                        a.value())).toList());
    }

    /**
     * "MediaStorageSOPClassUID" → "Media Storage SOP Class UID": the standard's attribute name for the keyword the
     * file gives, easier to read and able to wrap in a narrow panel.
     */
    static String words(String keyword) {
        return keyword.replaceAll("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ");
    }

    private static List<Row> studyRows(LoadedImage loaded) {
        StudyInfo s = loaded.image().study();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("", "Patient", s.patientName().replace('^', ' ').trim()));
        rows.add(new Row("", "Patient ID", s.patientId()));
        rows.add(new Row("", "Sex / age", (s.patientSex() + " " + s.patientAge()).trim()));
        rows.add(new Row("", "Study date", s.studyDate().map(DateTimeFormatter.ISO_LOCAL_DATE::format).orElse("")));
        rows.add(new Row("", "Modality", s.modality()));
        rows.add(new Row("", "Body part", s.bodyPartExamined()));
        rows.add(new Row("", "View", s.viewPosition()));
        rows.add(new Row("", "Institution", s.institutionName()));
        rows.add(new Row("", "File", loaded.file().getFileName().toString()));
        return rows.stream().filter(r -> !r.value().isEmpty()).toList();
    }

    private static List<Row> imageRows(XrayImage img) {
        StudyInfo s = img.study();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("", "Columns x Rows", img.width() + " x " + img.height()));
        rows.add(new Row("", "Bits Stored", Integer.toString(img.bitsStored())));
        rows.add(new Row("", "Photometric Interpretation", img.photometric().name()));
        rows.add(new Row("", "Number of Frames", Integer.toString(img.frameCount())));
        rows.add(new Row("", "Value range", img.minValue() + " … " + img.maxValue()));
        img.windows().forEach(w -> rows.add(new Row("", "Window Center / Width",
                w.center() + " / " + w.width() + (w.explanation().isEmpty() ? "" : " (" + w.explanation() + ")"))));
        img.voiLut().ifPresent(l -> rows.add(new Row("", "VOI LUT", l.explanation())));
        rows.add(new Row("", "Accession Number", s.accessionNumber()));
        rows.add(new Row("", "Manufacturer", s.manufacturer()));
        rows.add(new Row("", "Transfer Syntax UID", s.transferSyntaxUid()));
        rows.add(new Row("", "Lossy Image Compression", s.lossyCompressed() ? "yes" : "no"));
        rows.add(new Row("", "SOP Instance UID", s.sopInstanceUid()));
        return rows.stream().filter(r -> !r.value().isEmpty()).toList();
    }

    public ObservableList<Row> study() {
        return study;
    }

    /** The attribute list, filtered by {@link #searchProperty()} (name or value contains the text). */
    public ObservableList<Row> attributes() {
        return filtered;
    }

    public StringProperty searchProperty() {
        return search;
    }
}
