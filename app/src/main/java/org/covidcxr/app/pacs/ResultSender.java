package org.covidcxr.app.pacs;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.covidcxr.app.analysis.AnalysisService;
import org.covidcxr.app.audit.AuditEvent;
import org.covidcxr.app.audit.AuditLog;
import org.covidcxr.dicom.DisplayPipeline;
import org.covidcxr.dicom.DisplaySettings;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.files.FileTrees;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.inference.serving.HeatMapOverlay;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.pacs.DicomNode;
import org.covidcxr.pacs.PacsClient;
import org.covidcxr.pacs.PacsException;
import org.covidcxr.pacs.StoreResult;
import org.covidcxr.pacs.TransferProgress;
import org.covidcxr.pacs.results.AiResult;
import org.covidcxr.pacs.results.ResultFiles;
import org.covidcxr.pacs.results.ResultObjects;

/**
 * Sends one analysis back to the PACS, in the source image's study: a Secondary Capture of the image with the
 * COVID-19 heat map and the verdict burned in, and a Comprehensive SR with the model, probabilities, thresholds and
 * verdict. Each send, delivered or not, is written to the audit log. The objects carry the study's patient attributes
 * (they belong in that patient's study); nothing else leaves the workstation.
 */
public final class ResultSender {
    private final PacsClient client;
    private final AuditLog audit;
    private final String user;

    public ResultSender(PacsClient client, AuditLog audit, String user) {
        this.client = client;
        this.audit = audit;
        this.user = user;
    }

    /** Builds both objects for {@code source} and stores them on {@code node}; fails unless both arrived. */
    public StoreResult send(Path source, String inputSha256, XrayImage image, Diagnosis diagnosis, ModelBundle bundle,
                            DicomNode node) throws PacsException {
        Path work;
        try {
            work = Files.createTempDirectory("covidcxr-results-");
        } catch (IOException e) {
            throw new PacsException("Cannot prepare the results to send (" + e.getMessage() + ")", e);
        }
        try {
            ResultFiles files;
            try {
                files = ResultObjects.write(source, overlay(image, diagnosis), result(diagnosis, bundle), work);
            } catch (IOException | IllegalArgumentException e) {
                throw new PacsException("Cannot make the result objects: " + e.getMessage(), e);
            }
            StoreResult stored;
            try {
                stored = client.store(node, List.of(files.secondaryCapture(), files.structuredReport()),
                        TransferProgress.NONE);
            } catch (PacsException e) {
                record(node, diagnosis, inputSha256, 0, "failed: " + e.getMessage());
                throw e;
            }
            record(node, diagnosis, inputSha256, stored.stored(), stored.complete() ? "sent"
                    : "incomplete: " + String.join("; ", stored.failures()));
            if (!stored.complete()) {
                throw new PacsException("Results sent to " + node + " only in part: " + stored.stored() + " of 2"
                        + " objects arrived (" + String.join("; ", stored.failures()) + ")");
            }
            return stored;
        } finally {
            try {
                FileTrees.delete(work);
            } catch (IOException e) {
                // A temporary folder left behind holds no more than what was just sent to the PACS.
            }
        }
    }

    static AiResult result(Diagnosis d, ModelBundle bundle) {
        Optional<String> checksum;
        try {
            checksum = Optional.of(bundle.checksum());
        } catch (UncheckedIOException e) {
            checksum = Optional.empty();
        }
        OptionalDouble confident = d.confidentThreshold() > d.operatingThreshold()
                ? OptionalDouble.of(d.confidentThreshold()) : OptionalDouble.empty();
        return new AiResult(d.modelVersion(), checksum, AnalysisService.probabilities(d), d.operatingThreshold(),
                confident, d.verdict().text(), Instant.now());
    }

    private static BufferedImage overlay(XrayImage image, Diagnosis d) {
        return HeatMapOverlay.render(DisplayPipeline.render(image, DisplaySettings.fileDefault(image)),
                d.heatMap(ModelSignature.CLASSES.get(ModelSignature.COVID)), HeatMapOverlay.DEFAULT_OPACITY);
    }

    private void record(DicomNode node, Diagnosis d, String sha256, int objects, String outcome)
            throws PacsException {
        try {
            audit.append(new AuditEvent.ResultSent(Instant.now(), user, node.toString(), d.modelVersion(), sha256,
                    objects, outcome));
        } catch (IOException e) {
            throw new PacsException("The send to " + node + " could not be written to the audit log ("
                    + e.getMessage() + ")", e);
        }
    }
}
