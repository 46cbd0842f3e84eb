package org.covidcxr.app.ui.pacs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableObjectValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.covidcxr.app.analysis.AnalysisException;
import org.covidcxr.app.analysis.AnalysisService;
import org.covidcxr.app.audit.AuditLog;
import org.covidcxr.app.pacs.PacsConnection;
import org.covidcxr.app.pacs.ResultSender;
import org.covidcxr.app.session.LoadedImage;
import org.covidcxr.app.ui.worklist.WorklistItem;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.pacs.Cancellation;
import org.covidcxr.pacs.DicomNode;
import org.covidcxr.pacs.PacsException;
import org.covidcxr.pacs.PacsSettings;
import org.covidcxr.pacs.StudyQuery;
import org.covidcxr.pacs.StudyRecord;

/**
 * The PACS tab: configured nodes (tested with C-ECHO), a study query, retrieve of the chosen study into the worklist
 * with progress and cancel, the network settings as a form, and sending an analysed image's results back. Network
 * work runs on the background executor; properties change on the UI executor.
 */
public final class PacsViewModel {
    private final PacsConnection connection;
    private final AnalysisService analysis;
    private final AuditLog audit;
    private final String user;
    private final Executor background;
    private final Executor ui;

    private final ObservableList<String> nodes = FXCollections.observableArrayList();
    private final StringProperty node = new SimpleStringProperty("");
    private final StringProperty patientId = new SimpleStringProperty("");
    private final StringProperty patientName = new SimpleStringProperty("");
    private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>();
    private final StringProperty modality = new SimpleStringProperty("");
    private final StringProperty accession = new SimpleStringProperty("");
    private final ObservableList<StudyRow> studies = FXCollections.observableArrayList();
    private final ObjectProperty<StudyRow> selectedStudy = new SimpleObjectProperty<>();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final BooleanProperty retrieving = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty receiver = new SimpleStringProperty("");
    private final SettingsForm form = new SettingsForm();
    private volatile Cancellation cancellation = new Cancellation();
    private ObservableObjectValue<WorklistItem> selected;

    public PacsViewModel(PacsConnection connection, AnalysisService analysis, AuditLog audit, String user,
                         Executor background, Executor ui) {
        this.connection = connection;
        this.analysis = analysis;
        this.audit = audit;
        this.user = user;
        this.background = background;
        this.ui = ui;
        refreshNodes();
    }

    /** The settings as editable text, for the settings dialog. */
    public static final class SettingsForm {
        public final StringProperty aeTitle = new SimpleStringProperty();
        public final StringProperty port = new SimpleStringProperty();
        public final StringProperty capMegabytes = new SimpleStringProperty();
        public final BooleanProperty listen = new SimpleBooleanProperty();
        public final BooleanProperty autoSend = new SimpleBooleanProperty();
        /** One node per line: AE@HOST:PORT. */
        public final StringProperty nodes = new SimpleStringProperty();
    }

    public SettingsForm settingsForm() {
        PacsSettings s = connection.settings();
        form.aeTitle.set(s.aeTitle());
        form.port.set(Integer.toString(s.port()));
        form.capMegabytes.set(Long.toString(s.incomingCapMegabytes()));
        form.listen.set(s.listen());
        form.autoSend.set(s.autoSend());
        form.nodes.set(String.join("\n", s.nodes().stream().map(DicomNode::toString).toList()));
        return form;
    }

    /** Saves the form; an empty result means saved, else the message says which field is wrong and why. */
    public Optional<String> saveSettings() {
        try {
            List<DicomNode> parsed = new ArrayList<>();
            for (String line : form.nodes.get().split("\\R")) {
                if (!line.isBlank()) {
                    parsed.add(DicomNode.parse(line));
                }
            }
            PacsSettings s = new PacsSettings(form.aeTitle.get(), number(form.port.get(), "Port"),
                    form.listen.get(), number(form.capMegabytes.get(), "Incoming cap"), form.autoSend.get(),
                    connection.settings().sendResultsTo(), parsed);
            connection.save(s);
            refreshNodes();
            status.set("Settings saved.");
            return Optional.empty();
        } catch (IllegalArgumentException | IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    public void echo() {
        run("Testing", n -> {
            connection.client().echo(n);
            return n + " answers (C-ECHO).";
        });
    }

    public void search() {
        StudyQuery query;
        try {
            query = new StudyQuery(text(patientId), text(patientName), Optional.ofNullable(from.get()),
                    Optional.ofNullable(to.get()), text(modality), text(accession));
        } catch (IllegalArgumentException e) {
            status.set(e.getMessage());
            return;
        }
        run("Searching", n -> {
            List<StudyRecord> found = connection.client().findStudies(n, query);
            ui.execute(() -> studies.setAll(found.stream().map(PacsViewModel::row).toList()));
            return found.size() + (found.size() == 1 ? " study" : " studies") + " on " + n + ".";
        });
    }

    /** Moves the chosen study into the incoming folder; each image joins the worklist as it arrives. */
    public void retrieve() {
        StudyRow study = selectedStudy.get();
        if (study == null) {
            status.set("Choose a study to retrieve.");
            return;
        }
        Cancellation c = new Cancellation();
        cancellation = c;
        AtomicInteger arrived = new AtomicInteger();
        int total = study.images();
        retrieving.set(true);
        progress.set(total > 0 ? 0 : -1);
        run("Retrieving " + describe(study) + " from", n -> {
            try {
                connection.retrieve(n, study.studyInstanceUid(), c, image -> {
                    int k = arrived.incrementAndGet();
                    ui.execute(() -> {
                        progress.set(total > 0 ? (double) k / total : -1);
                        status.set("Retrieving " + describe(study) + ": " + k + (total > 0 ? " of " + total : "")
                                + " images…");
                    });
                });
            } catch (IOException e) {
                throw new PacsException("The receiver cannot start: " + e.getMessage(), e);
            } finally {
                ui.execute(() -> retrieving.set(false));
            }
            return "Retrieved " + arrived.get() + " image" + (arrived.get() == 1 ? "" : "s") + " of "
                    + describe(study) + " into the worklist.";
        });
    }

    public void cancel() {
        cancellation.cancel();
    }

    /** Sends the results of an analysed image that came as DICOM to the configured result node. */
    private void sendResults(LoadedImage image, Diagnosis diagnosis) {
        inBackground("Sending results to", connection.settings().resultDestination(), n -> {
            try {
                new ResultSender(connection.client(), audit, user).send(image.file(), image.sha256(), image.image(),
                        diagnosis, analysis.model(), n);
            } catch (AnalysisException e) {
                throw new PacsException(e.getMessage(), e);
            }
            return "Results of " + image.file().getFileName() + " sent to " + n + " (Secondary Capture and SR).";
        });
    }

    /**
     * Follows the worklist: "send results" acts on the selected image, and with auto-send on, each image that came
     * from the PACS is sent back once its analysis is shown.
     */
    public void attach(ObservableList<WorklistItem> worklist, ObservableObjectValue<WorklistItem> selected) {
        this.selected = selected;
        worklist.addListener((ListChangeListener<WorklistItem>) c -> {
            while (c.next()) {
                c.getAddedSubList().forEach(item -> item.diagnosisProperty().addListener((o, was, d) -> {
                    if (d != null && was == null && autoSend(item.file())) {
                        item.withFullImage(image -> sendResults(image, d));
                    }
                }));
            }
        });
    }

    /** Sends the results of the image selected in the worklist. */
    public void sendSelected() {
        WorklistItem item = selected == null ? null : selected.get();
        if (item == null || item.result().isEmpty() || item.image().isEmpty()) {
            status.set("Select an analysed image in the Viewer first.");
            return;
        }
        if (item.image().get().attributes().isEmpty()) {
            status.set(item.fileName() + " did not come as DICOM: results go back to the PACS only for DICOM images.");
            return;
        }
        Diagnosis result = item.result().get();
        item.withFullImage(image -> sendResults(image, result));
    }

    private boolean autoSend(Path file) {
        return connection.settings().autoSend() && file.toAbsolutePath().startsWith(connection.incoming()
                .toAbsolutePath());
    }

    @FunctionalInterface
    private interface NetworkTask {
        String run(DicomNode node) throws PacsException;
    }

    /** The chosen node's network work, on the background executor; its outcome or failure becomes the status. */
    private void run(String starting, NetworkTask task) {
        Optional<DicomNode> chosen = connection.settings().nodes().stream().filter(n -> n.toString().equals(node.get()))
                .findFirst();
        inBackground(starting, chosen, task);
    }

    private void inBackground(String starting, Optional<DicomNode> target, NetworkTask task) {
        if (target.isEmpty()) {
            status.set("No PACS node is configured: add one in PACS settings.");
            return;
        }
        busy.set(true);
        status.set(starting + " " + target.get() + "…");
        background.execute(() -> {
            String message;
            try {
                message = task.run(target.get());
            } catch (PacsException | RuntimeException e) {
                message = e.getMessage();
            }
            String shown = message;
            ui.execute(() -> {
                status.set(shown);
                busy.set(false);
            });
        });
    }

    private void refreshNodes() {
        PacsSettings s = connection.settings();
        nodes.setAll(s.nodes().stream().map(DicomNode::toString).toList());
        if (!nodes.contains(node.get())) {
            node.set(nodes.isEmpty() ? "" : nodes.get(0));
        }
        receiver.set(connection.listening()
                ? "Receiving as " + s.aeTitle() + " on port " + s.port() + " from " + s.nodes().size() + " node(s)."
                : "Receiver off" + (s.nodes().isEmpty() ? ": add a PACS node in settings." : "; retrieves still "
                + "arrive (the receiver listens while they run)."));
    }

    private static int number(String text, String what) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(what + " \"" + text + "\" is not a number");
        }
    }

    private static Optional<String> text(StringProperty p) {
        return Optional.ofNullable(p.get()).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static StudyRow row(StudyRecord s) {
        String date = s.studyDate();
        try {
            date = LocalDate.parse(date, DateTimeFormatter.BASIC_ISO_DATE).toString();
        } catch (DateTimeParseException e) {
            // Shown as the PACS gave it.
        }
        return new StudyRow(s.studyInstanceUid(), date, s.patientId(), s.patientName().replace('^', ' ').strip(),
                s.studyDescription(), s.modalities(), s.instances(), s.accessionNumber());
    }

    private static String describe(StudyRow s) {
        return "the study of " + s.date();
    }

    public ObservableList<String> nodes() {
        return nodes;
    }

    public StringProperty nodeProperty() {
        return node;
    }

    public StringProperty patientIdProperty() {
        return patientId;
    }

    public StringProperty patientNameProperty() {
        return patientName;
    }

    public ObjectProperty<LocalDate> fromProperty() {
        return from;
    }

    public ObjectProperty<LocalDate> toProperty() {
        return to;
    }

    public StringProperty modalityProperty() {
        return modality;
    }

    public StringProperty accessionProperty() {
        return accession;
    }

    public ObservableList<StudyRow> studies() {
        return studies;
    }

    public ObjectProperty<StudyRow> selectedStudyProperty() {
        return selectedStudy;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyBooleanProperty retrievingProperty() {
        return retrieving;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty receiverProperty() {
        return receiver;
    }
}
