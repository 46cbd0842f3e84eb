package org.covidcxr.app.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.covidcxr.app.audit.AuditEvent;
import org.covidcxr.app.audit.AuditLog;
import org.covidcxr.app.selftest.ComputeDevice;
import org.covidcxr.app.session.LoadedImage;
import org.covidcxr.inference.TensorFlowRuntime;
import org.covidcxr.inference.screening.ImageScreening;
import org.covidcxr.inference.segmentation.PixelGate;
import org.covidcxr.inference.serving.CovidClassifier;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.inference.serving.ServingException;
import org.covidcxr.modelstore.BundledModelNotice;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelStore;
import org.covidcxr.modelstore.ModelStoreEvent;
import org.covidcxr.modelstore.ModelStoreException;

/**
 * Runs the model store's active model on an opened image and records every analysis, and every model change, in the
 * audit log. The active version is checked before each analysis, so a model activated elsewhere (the command line,
 * another window) is picked up. An analysis that cannot be audited is not shown. Thread-safe.
 */
public final class AnalysisService implements AutoCloseable {


    private final ModelStore store;
    private final AuditLog audit;
    private final String user;
    private final Clock clock;
    private ModelBundle bundle;
    private CovidClassifier classifier;
    private Optional<PixelGate> gate = Optional.empty();

    public AnalysisService(ModelStore store, AuditLog audit, String user, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.user = user;
        this.clock = clock;
    }

    /** What opening the model store found about the models shipped with this installation. */
    public List<BundledModelNotice> bundledModelNotices() {
        return store.bundledModelNotices();
    }

    /** The model the next analysis will use (loading it if the active version changed); slow the first time. */
    public synchronized ModelBundle model() throws AnalysisException {
        Optional<String> active = store.activeVersion();
        if (active.isEmpty()) {
            throw new AnalysisException("No model is active in the model store " + store.root()
                    + ". Import or activate one (Models tab, or 'covidcxr models'), then analyse again (Analysis → "
                    + "Analyse again).", true, null);
        }
        if (bundle != null && bundle.version().equals(active.get())) {
            return bundle;
        }
        try {
            ModelBundle next = store.requireActive();
            CovidClassifier opened = CovidClassifier.open(next.savedModelDirectory(), next.card());
            Optional<PixelGate> openedGate = PixelGate.open(next.directory());
            String previous = bundle == null ? "" : bundle.version();
            closeModel();
            bundle = next;
            classifier = opened;
            gate = openedGate;
            audit.append(new AuditEvent.ModelChange(clock.instant(), user, "loaded", next.version(),
                    next.checksum(), previous, ModelStoreEvent.Outcome.DONE.description));
            return next;
        } catch (ModelStoreException | ServingException e) {
            throw new AnalysisException(e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new AnalysisException("The model change could not be written to the audit log (" + e.getMessage()
                    + "). Check free disk space and permissions of " + audit.file() + ".", e);
        }
    }

    /** Where the loaded model computes, with the notice for a GPU build that fell back to the CPU. */
    public synchronized ComputeDevice device() {
        return ComputeDevice.of(TensorFlowRuntime.bootstrap(), classifier != null && classifier.gpu());
    }

    /** A diagnosis and the model bundle that made it (whose card the user is shown beside it). */
    public record Result(ModelBundle model, Diagnosis diagnosis) {
    }

    /**
     * Why the active model's lung segmenter says this is not an upright frontal chest film with a normal grey scale
     * (rotated, upside down, inverted, no lungs); empty when it finds nothing or the model has no segmenter. Slow:
     * never on the UI thread.
     */
    public List<String> pixelConcerns(LoadedImage input) throws AnalysisException {
        Optional<PixelGate> running;
        synchronized (this) {
            model();
            running = gate;
        }
        return running.flatMap(g -> g.check(input.analysisImage())).stream().toList();
    }

    /** What one analysis found: why the pixels are unsuitable (then no result), or the result. */
    public record Outcome(List<String> pixelConcerns, Optional<Result> result) {
    }

    /**
     * Checks the pixels (unless the user asked to run the model anyway), then analyses. Slow: never on the UI thread.
     */
    public Outcome examine(LoadedImage input, boolean checkPixels) throws AnalysisException {
        List<String> concerns = checkPixels ? pixelConcerns(input) : List.of();
        if (!concerns.isEmpty()) {
            return new Outcome(concerns, Optional.empty());
        }
        return new Outcome(List.of(), Optional.of(analyse(input)));
    }

    /** Slow (model inference): never on the UI thread. */
    public Result analyse(LoadedImage input) throws AnalysisException {
        ModelBundle used;
        CovidClassifier running;
        Optional<PixelGate> runningGate;
        synchronized (this) {
            used = model();
            running = classifier;
            runningGate = gate;
        }
        Diagnosis diagnosis;
        try {
            diagnosis = ImageScreening.withLungAttention(running.diagnose(input.analysisImage()),
                    input.analysisImage(), runningGate);
        } catch (ServingException e) {
            throw new AnalysisException(e.getMessage(), e);
        }
        record(audit, clock.instant(), user, used, input.sha256(), diagnosis);
        return new Result(used, diagnosis);
    }

    /**
     * Writes one analysis to the audit log (the workstation's and the command line's alike).
     *
     * @throws AnalysisException when it cannot be written: a result that is not audited must not be shown
     */
    public static void record(AuditLog audit, Instant time, String user, ModelBundle used, String inputSha256,
                              Diagnosis diagnosis) throws AnalysisException {
        try {
            audit.append(new AuditEvent.Analysis(time, user, diagnosis.modelVersion(), used.checksum(), inputSha256,
                    probabilities(diagnosis), diagnosis.covidProbability(), diagnosis.operatingThreshold(),
                    decision(diagnosis)));
        } catch (IOException | UncheckedIOException e) {
            throw new AnalysisException("The analysis could not be written to the audit log (" + e.getMessage()
                    + "), so it is not shown. Check free disk space and permissions of " + audit.file() + ".", e);
        }
    }

    /** The decision as the audit log records it: suspected, indeterminate or not suspected. */
    public static String decision(Diagnosis diagnosis) {
        return diagnosis.verdict().text();
    }

    public static Map<String, Double> probabilities(Diagnosis diagnosis) {
        Map<String, Double> out = new LinkedHashMap<>();
        float[] p = diagnosis.probabilities();
        for (int i = 0; i < p.length; i++) {
            out.put(diagnosis.classes().get(i), (double) p[i]);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        closeModel();
        bundle = null;
    }

    private void closeModel() {
        if (classifier != null) {
            classifier.close();
            classifier = null;
        }
        gate.ifPresent(PixelGate::close);
        gate = Optional.empty();
    }
}
