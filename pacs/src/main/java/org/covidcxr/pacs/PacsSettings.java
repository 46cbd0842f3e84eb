package org.covidcxr.pacs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.covidcxr.files.AtomicFiles;

/**
 * The workstation's DICOM network settings, kept as JSON in the user's data folder: its own AE title and port, whether
 * the receiver listens (off until configured), the incoming folder's cap, whether results are sent back without
 * asking, and the PACS nodes it talks to (the receiver admits exactly these). No password or patient data is kept.
 *
 * @param sendResultsTo AE title of the node results go to; empty: the first node
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PacsSettings(String aeTitle, int port, boolean listen, long incomingCapMegabytes, boolean autoSend,
                           String sendResultsTo, List<DicomNode> nodes) {
    public static final PacsSettings DEFAULT = new PacsSettings("COVIDCXR", 11112, false, 2048, false, "", List.of());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public PacsSettings {
        aeTitle = DicomNode.checkAeTitle(aeTitle);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Port " + port + " is not a TCP port (1-65535)");
        }
        if (incomingCapMegabytes < 1) {
            throw new IllegalArgumentException("The incoming folder's cap must be at least 1 MB");
        }
        sendResultsTo = sendResultsTo == null ? "" : sendResultsTo.strip();
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    /** The settings in {@code file}, or the defaults where there is none yet; a damaged file is named. */
    public static PacsSettings load(Path file) throws IOException {
        try {
            return JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), PacsSettings.class);
        } catch (NoSuchFileException e) {
            return DEFAULT;
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("The PACS settings " + file + " cannot be read (" + e.getMessage()
                    + "). Correct or delete the file and set the PACS up again.", e);
        }
    }

    public void save(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.PLAIN.write(file, JSON.writeValueAsBytes(this));
    }

    /** The node with this AE title. */
    public Optional<DicomNode> node(String aeTitle) {
        return nodes.stream().filter(n -> n.aeTitle().equals(aeTitle.strip())).findFirst();
    }

    /** Where results are sent: the chosen node, else the first. */
    public Optional<DicomNode> resultDestination() {
        return sendResultsTo.isEmpty() ? nodes.stream().findFirst() : node(sendResultsTo);
    }

    public ReceiverSettings receiver(Path incoming) {
        return new ReceiverSettings(aeTitle, port, nodes, incoming, incomingCapMegabytes * 1024 * 1024);
    }

    /** These settings with {@code node} among the nodes (a study is retrieved from a node not configured). */
    public PacsSettings admitting(DicomNode node) {
        if (nodes.contains(node)) {
            return this;
        }
        List<DicomNode> more = new ArrayList<>(nodes);
        more.add(node);
        return new PacsSettings(aeTitle, port, listen, incomingCapMegabytes, autoSend, sendResultsTo, more);
    }

    /** These settings, receiving on {@code otherPort}. */
    public PacsSettings listeningOn(int otherPort) {
        return new PacsSettings(aeTitle, otherPort, true, incomingCapMegabytes, autoSend, sendResultsTo, nodes);
    }
}
