package org.covidcxr.app.ui.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.covidcxr.app.imaging.ArgbRaster;
import org.covidcxr.app.training.TrainingImages;
import org.covidcxr.app.training.TrainingServices;
import org.covidcxr.app.ui.common.BackgroundWork;
import org.covidcxr.inference.sitetraining.Cancellation;
import org.covidcxr.inference.sitetraining.PatientPseudonymizer;
import org.covidcxr.inference.sitetraining.RejectedFile;
import org.covidcxr.inference.sitetraining.ScanResult;
import org.covidcxr.inference.sitetraining.ScannedImage;
import org.covidcxr.inference.sitetraining.SiteDataScanner;
import org.covidcxr.inference.sitetraining.SiteSource;

/** Step 1: choose sources, scan them in the background, show counts, thumbnails and the files that cannot be used. */
public final class DataStep {
    static final int THUMBNAILS_PER_CLASS = 4;
    static final int THUMBNAIL_SIZE = 96;
    static final String NOTHING_CHOSEN = "Add folders or a manifest, then scan.";

    private final TrainingServices services;
    private final Executor background;
    private final Executor ui;

    private final ObservableList<SiteSource> sources = FXCollections.observableArrayList();
    private final BooleanProperty includeFeedback = new SimpleBooleanProperty();
    private final ReadOnlyBooleanWrapper feedbackAvailable = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper scanning = new ReadOnlyBooleanWrapper();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty status = new SimpleStringProperty(NOTHING_CHOSEN);
    private final ObjectProperty<ScanResult> result = new SimpleObjectProperty<>();
    private final ObservableList<ClassCount> counts = FXCollections.observableArrayList();
    private final ObservableList<RejectedFile> rejected = FXCollections.observableArrayList();
    private final ObservableList<ArgbRaster> thumbnails = FXCollections.observableArrayList();
    private final BooleanBinding canScan;
    private Cancellation cancellation = new Cancellation();

    DataStep(TrainingServices services, Executor background, Executor ui) {
        this.services = services;
        this.background = background;
        this.ui = ui;
        canScan = scanning.not().and(Bindings.isNotEmpty(sources).or(includeFeedback));
        sources.addListener((javafx.collections.ListChangeListener<SiteSource>) c -> chosenChanged());
        includeFeedback.addListener((o, a, b) -> chosenChanged());
    }

    /** A new choice invalidates the last scan; the status says what the next step is. */
    private void chosenChanged() {
        result.set(null);
        int chosen = chosenSources().size();
        status.set(chosen == 0 ? NOTHING_CHOSEN
                : chosen + (chosen == 1 ? " source" : " sources") + " chosen: scan to count the usable images.");
    }

    public void addFolder(Path folder) {
        sources.add(new SiteSource.ClassFolders(folder));
    }

    public void addManifest(Path csv) {
        sources.add(new SiteSource.Manifest(csv));
    }

    /** Looks again whether the viewer's feedback dataset has labels to offer (the viewer adds them any time). */
    void checkFeedback() {
        boolean available = Files.isRegularFile(new SiteSource.Feedback(services.feedback()).manifest());
        ui.execute(() -> feedbackAvailable.set(available));
    }

    /** The chosen sources including the feedback dataset when ticked. */
    public List<SiteSource> chosenSources() {
        List<SiteSource> all = new ArrayList<>(sources);
        if (includeFeedback.get()) {
            all.add(new SiteSource.Feedback(services.feedback()));
        }
        return all;
    }

    public void scan() {
        List<SiteSource> chosen = chosenSources();
        if (chosen.isEmpty()) {
            status.set("Choose at least one folder, manifest or the feedback dataset first.");
            return;
        }
        cancellation = new Cancellation();
        Cancellation token = cancellation;
        scanning.set(true);
        progress.set(0);
        status.set("Scanning…");
        background.execute(() -> {
            try {
                SiteDataScanner scanner = new SiteDataScanner(PatientPseudonymizer.forSite(services.siteKey()));
                ScanResult scan = scanner.scan(chosen, (done, total, file) -> ui.execute(() -> {
                    progress.set((double) done / total);
                    status.set("Scanning " + done + " of " + total + "…");
                }), token);
                List<ArgbRaster> samples = thumbnails(scan, token);
                ui.execute(() -> show(scan, samples));
            } catch (CancellationException e) {
                ui.execute(() -> finish("Scan cancelled."));
            } catch (IOException | RuntimeException e) {
                ui.execute(() -> finish("Scan failed: " + BackgroundWork.logged("Scanning site data", e)));
            }
        });
    }

    public void cancelScan() {
        cancellation.cancel();
    }

    private void show(ScanResult scan, List<ArgbRaster> samples) {
        Map<String, Integer> images = scan.imagesPerClass();
        Map<String, Integer> patients = scan.patientsPerClass();
        counts.setAll(images.keySet().stream()
                .map(c -> new ClassCount(c, images.get(c), patients.get(c), 0, 0, 0)).toList());
        rejected.setAll(scan.rejected());
        thumbnails.setAll(samples);
        result.set(scan);
        finish(scan.images().size() + " usable image(s), " + scan.rejected().size() + " file(s) cannot be used.");
    }

    private void finish(String text) {
        status.set(text);
        progress.set(1);
        scanning.set(false);
    }

    /** A few images per class, to let the trainer see that the folders hold what they should. */
    private static List<ArgbRaster> thumbnails(ScanResult scan, Cancellation token) {
        List<ArgbRaster> out = new ArrayList<>();
        Map<String, Integer> taken = new java.util.HashMap<>();
        for (ScannedImage image : scan.images()) {
            token.check();
            if (taken.merge(image.label(), 1, Integer::sum) <= THUMBNAILS_PER_CLASS) {
                TrainingImages.thumbnail(image.file(), THUMBNAIL_SIZE).ifPresent(out::add);
            }
        }
        return out;
    }

    public ObservableList<SiteSource> sources() {
        return sources;
    }

    public BooleanProperty includeFeedbackProperty() {
        return includeFeedback;
    }

    public ReadOnlyBooleanProperty feedbackAvailableProperty() {
        return feedbackAvailable.getReadOnlyProperty();
    }

    /** Something is chosen and no scan is running. */
    public BooleanBinding canScanProperty() {
        return canScan;
    }

    public ReadOnlyBooleanProperty scanningProperty() {
        return scanning.getReadOnlyProperty();
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public ObjectProperty<ScanResult> resultProperty() {
        return result;
    }

    public ObservableList<ClassCount> counts() {
        return counts;
    }

    public ObservableList<RejectedFile> rejected() {
        return rejected;
    }

    public ObservableList<ArgbRaster> thumbnails() {
        return thumbnails;
    }
}
