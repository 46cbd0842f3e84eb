package org.covidcxr.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.covidcxr.pacs.Cancellation;
import org.covidcxr.pacs.DicomNode;
import org.covidcxr.pacs.DicomReceiver;
import org.covidcxr.pacs.PacsClient;
import org.covidcxr.pacs.PacsException;
import org.covidcxr.pacs.ReceivedImage;
import org.covidcxr.pacs.ReceiverSettings;

/**
 * The workstation's retrieve path for one-image studies: a C-MOVE to this side's AE, received by the product's
 * {@link DicomReceiver}, done when the image is published in the incoming folder.
 */
final class StudyRetriever implements AutoCloseable {
    private static final long WAIT_SECONDS = 60;

    private final PacsClient client;
    private final DicomNode pacs;
    private final String aeTitle;
    private final DicomReceiver receiver;
    private final BlockingQueue<ReceivedImage> received = new LinkedBlockingQueue<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    StudyRetriever(PacsClient client, DicomNode pacs, String aeTitle, int port, Path incoming) throws PacsException {
        this.client = client;
        this.pacs = pacs;
        this.aeTitle = aeTitle;
        try {
            // No useful cap for a benchmark: every study must be kept for the read that follows.
            this.receiver = DicomReceiver.start(new ReceiverSettings(aeTitle, port, List.of(pacs), incoming,
                    Long.MAX_VALUE), received::add, refused::add);
        } catch (IOException e) {
            throw new PacsException("The receiver cannot start: " + e.getMessage(), e);
        }
    }

    /** Moves the study here and returns its image file once published. */
    Path retrieve(String studyUid) throws PacsException, InterruptedException {
        try {
            client.moveStudy(pacs, studyUid, aeTitle, new Cancellation());
        } catch (PacsException e) {
            // A PACS that does not know the destination aborts or fails the move without saying so; the receiver
            // knows why it turned away what did arrive.
            throw new PacsException(e.getMessage() + " Check that " + pacs.aeTitle() + " knows " + aeTitle
                    + " on this host, port " + receiver.port() + ", as a move destination (scripts/benchmark-pacs.sh "
                    + "starts an Orthanc that does)." + (refused.isEmpty() ? "" : " The receiver: "
                    + String.join("; ", refused)), e);
        }
        // The receiver publishes before it answers the sub-operation, so this normally returns at once; the wait only
        // guards against a receiver that would publish later.
        ReceivedImage image = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (image == null) {
            throw new PacsException("C-MOVE with " + pacs + " reported success, but no image arrived within "
                    + WAIT_SECONDS + " s" + (refused.isEmpty() ? "" : ": " + String.join("; ", refused)));
        }
        if (!image.studyInstanceUid().equals(studyUid)) {
            throw new PacsException("An image of another study arrived: " + image.file());
        }
        return image.file();
    }

    @Override
    public void close() throws IOException {
        receiver.close();
    }
}
