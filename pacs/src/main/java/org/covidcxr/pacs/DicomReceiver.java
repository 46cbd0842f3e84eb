package org.covidcxr.pacs;

import com.pixelmed.dicom.StoredFilePathStrategy;
import com.pixelmed.network.ReceivedObjectHandler;
import com.pixelmed.network.StorageSOPClassSCP;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.covidcxr.dicom.ImageIntake;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.files.AtomicFiles;
import org.covidcxr.files.FileTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workstation's C-STORE SCP: listens on the configured port for the configured peers (see {@link AssociationGate}),
 * accepts image storage only (see {@link ImageStoragePolicy}), and lets PixelMed receive each object into a staging
 * folder of its own association. An object is published into the incoming folder (one folder per study, one file per
 * SOP instance, by an atomic rename) only once it has been read whole as an image and fits under the size cap; an
 * object that cannot be read, or does not fit, is deleted and reported. Whatever an aborted association leaves in its
 * staging folder is deleted when it ends, and any left by a crash when the receiver starts, so the incoming folder
 * never holds a half file.
 */
public final class DicomReceiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DicomReceiver.class);
    static final String STAGING = ".receiving";
    private static final int MAX_PDU = 16384;

    private final ReceiverSettings settings;
    private final Consumer<ReceivedImage> received;
    private final Consumer<String> refused;
    private final AssociationGate gate;
    private final ServerSocket server;
    private final ExecutorService associations = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dicom-receiver-association");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger associationNumber = new AtomicInteger();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong incomingBytes;

    private DicomReceiver(ReceiverSettings settings, Consumer<ReceivedImage> received, Consumer<String> refused)
            throws IOException {
        this.settings = settings;
        this.received = received;
        this.refused = refused;
        this.gate = new AssociationGate(settings.aeTitle(), settings.peers());
        Files.createDirectories(settings.incoming());
        FileTrees.delete(staging());
        this.incomingBytes = new AtomicLong(sizeOf(settings.incoming()));
        this.server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(settings.port()));
        } catch (IOException e) {
            server.close();
            throw new IOException("Cannot listen on port " + settings.port() + " (" + e.getMessage()
                    + "): another program may be using it; choose another port in the PACS settings", e);
        }
    }

    /**
     * Starts listening. {@code received} is told of each image kept (on a receiver thread); {@code refused} of each
     * association or object turned away, in words without patient data.
     */
    public static DicomReceiver start(ReceiverSettings settings, Consumer<ReceivedImage> received,
                                      Consumer<String> refused) throws IOException {
        DicomReceiver r = new DicomReceiver(settings, received, refused);
        Thread accept = new Thread(r::acceptLoop, "dicom-receiver-" + settings.aeTitle());
        accept.setDaemon(true);
        accept.start();
        LOG.info("DICOM receiver {} listening on port {} for {} peer(s)", settings.aeTitle(), r.port(),
                settings.peers().size());
        return r;
    }

    /** The port actually bound (differs from the settings' when they ask for 0, any free port). */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * Stops listening, cuts the associations in progress and waits (up to ten seconds) until each has cleared its
     * staging folder, so that nothing half received outlives the receiver.
     */
    @Override
    public void close() throws IOException {
        server.close();
        associations.shutdownNow();
        for (Socket s : connections) {
            s.close();
        }
        try {
            if (!associations.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("DICOM receiver {}: an association did not end within 10 s", settings.aeTitle());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("DICOM receiver {} stopped", settings.aeTitle());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                associations.execute(() -> serve(socket));
            } catch (SocketException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("DICOM receiver: accepting a connection failed: {}", e.getMessage());
            }
        }
    }

    private void serve(Socket socket) {
        Path folder = staging().resolve(Integer.toString(associationNumber.incrementAndGet()));
        connections.add(socket);
        try (socket) {
            socket.setSoTimeout(60_000);
            InetAddress from = socket.getInetAddress();
            AssociationGate.Decision d = gate.decide(socket.getInputStream(), from);
            if (d.refusal().isPresent()) {
                AssociationGate.reject(socket.getOutputStream(), d);
                refuse("Association refused: " + d.refusal().get());
                return;
            }
            Files.createDirectories(folder);
            new StorageSOPClassSCP(new ReplayingSocket(socket, d.head()), settings.aeTitle(), MAX_PDU, 0, 0,
                    folder.toFile(), StoredFilePathStrategy.BYSOPINSTANCEUIDINSINGLEFOLDER, new Publisher(), null,
                    null, null, null, new ImageStoragePolicy()).run();
        } catch (Exception e) {
            LOG.warn("DICOM receiver: association ended with an error: {}", e.getMessage());
        } finally {
            connections.remove(socket);
            try {
                FileTrees.delete(folder);
            } catch (IOException e) {
                LOG.warn("DICOM receiver: cannot clear staging folder {}: {}", folder, e.getMessage());
            }
        }
    }

    /** Keeps a staged object that reads whole as an image and fits, else deletes it; called by PixelMed per object. */
    private final class Publisher extends ReceivedObjectHandler {
        @Override
        public void sendReceivedObjectIndication(String fileName, String transferSyntax, String callingAeTitle) {
            Path staged = Path.of(fileName);
            try {
                publish(staged, callingAeTitle);
            } catch (IOException e) {
                LOG.warn("DICOM receiver: cannot keep an object from {}: {}", callingAeTitle, e.getMessage());
                refuse("An image from " + callingAeTitle + " could not be stored: " + e.getMessage());
            } finally {
                try {
                    Files.deleteIfExists(staged);
                } catch (IOException e) {
                    LOG.warn("DICOM receiver: cannot delete staged object: {}", e.getMessage());
                }
            }
        }
    }

    private void publish(Path staged, String sender) throws IOException {
        ImageIntake intake;
        try {
            intake = ImageIntake.read(staged);
        } catch (ImageReadException e) {
            refuse("An object from " + sender + " was not kept: " + e.getMessage());
            return;
        }
        long size = Files.size(staged);
        if (incomingBytes.get() + size > settings.capBytes()) {
            refuse("An image from " + sender + " was not kept: the incoming folder is full ("
                    + settings.capBytes() / (1024 * 1024) + " MB cap). Remove studies from it or raise the cap.");
            return;
        }
        String study = safeName(intake.attribute("StudyInstanceUID"));
        Path target = settings.incoming().resolve(study)
                .resolve(safeName(intake.attribute("SOPInstanceUID")) + ".dcm");
        Files.createDirectories(target.getParent());
        long replaced = Files.exists(target) ? Files.size(target) : 0;
        AtomicFiles.PLAIN.rename(staged, target);
        incomingBytes.addAndGet(size - replaced);
        received.accept(new ReceivedImage(target, study, sender));
    }

    private void refuse(String why) {
        LOG.info("DICOM receiver: {}", why);
        refused.accept(why);
    }

    private Path staging() {
        return settings.incoming().resolve(STAGING);
    }

    /** UIDs are digits and dots; anything else (a broken header) must not become part of a path. */
    private static String safeName(Optional<String> uid) {
        return uid.filter(u -> u.matches("[0-9.]{1,64}")).orElse("unknown");
    }

    private static long sizeOf(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
