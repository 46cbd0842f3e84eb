package org.covidcxr.app.pacs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.covidcxr.pacs.Cancellation;
import org.covidcxr.pacs.DicomNode;
import org.covidcxr.pacs.DicomReceiver;
import org.covidcxr.pacs.PacsClient;
import org.covidcxr.pacs.PacsException;
import org.covidcxr.pacs.PacsSettings;
import org.covidcxr.pacs.ReceivedImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workstation's DICOM network state: its settings (read from and saved to the user's data folder) and the
 * receiver, which runs while the settings say so, and for the length of a retrieve otherwise. Images the receiver
 * keeps and what it refuses are passed on to the listeners given at creation.
 */
public final class PacsConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PacsConnection.class);

    private final Path settingsFile;
    private final Path incoming;
    private final Consumer<ReceivedImage> received;
    private final Consumer<String> refused;
    private final List<Consumer<ReceivedImage>> retrievals = new CopyOnWriteArrayList<>();
    private PacsSettings settings;
    private DicomReceiver receiver;

    /** Reads the settings; a damaged settings file leaves the defaults (receiver off) and is named by the problem. */
    public PacsConnection(Path settingsFile, Path incoming, Consumer<ReceivedImage> received,
                          Consumer<String> refused) {
        this.settingsFile = settingsFile;
        this.incoming = incoming;
        this.received = received;
        this.refused = refused;
        PacsSettings loaded;
        try {
            loaded = PacsSettings.load(settingsFile);
        } catch (IOException e) {
            LOG.warn("{}", e.getMessage());
            refused.accept(e.getMessage());
            loaded = PacsSettings.DEFAULT;
        }
        this.settings = loaded;
    }

    public synchronized PacsSettings settings() {
        return settings;
    }

    public Path incoming() {
        return incoming;
    }

    /** Saves new settings and starts, restarts or stops the receiver to match them. */
    public synchronized void save(PacsSettings changed) throws IOException {
        changed.save(settingsFile);
        settings = changed;
        stopReceiver();
        startIfConfigured();
    }

    /** Starts the receiver when the settings ask for it (off until configured). */
    public synchronized void startIfConfigured() throws IOException {
        if (settings.listen() && receiver == null) {
            receiver = DicomReceiver.start(settings.receiver(incoming), this::kept, refused);
        }
    }

    public synchronized boolean listening() {
        return receiver != null;
    }

    public PacsClient client() {
        return new PacsClient(settings().aeTitle());
    }

    /**
     * Moves one study from {@code node} into the incoming folder; {@code each} hears of every image of it that
     * arrives. Starts a receiver for the move when none is listening, admitting {@code node} even if it is not
     * configured (a command line may name it).
     */
    public void retrieve(DicomNode node, String studyInstanceUid, Cancellation cancellation,
                         Consumer<ReceivedImage> each) throws PacsException, IOException {
        Consumer<ReceivedImage> ofThisStudy = r -> {
            if (r.studyInstanceUid().equals(studyInstanceUid)) {
                each.accept(r);
            }
        };
        retrievals.add(ofThisStudy);
        DicomReceiver temporary = null;
        try {
            synchronized (this) {
                if (receiver == null) {
                    temporary = DicomReceiver.start(settings.admitting(node).receiver(incoming), this::kept, refused);
                }
            }
            client().moveStudy(node, studyInstanceUid, settings().aeTitle(), cancellation);
        } finally {
            retrievals.remove(ofThisStudy);
            if (temporary != null) {
                temporary.close();
            }
        }
    }

    private void kept(ReceivedImage image) {
        retrievals.forEach(r -> r.accept(image));
        received.accept(image);
    }

    private void stopReceiver() {
        if (receiver != null) {
            try {
                receiver.close();
            } catch (IOException e) {
                LOG.warn("Stopping the DICOM receiver: {}", e.getMessage());
            }
            receiver = null;
        }
    }

    @Override
    public synchronized void close() {
        stopReceiver();
    }
}
