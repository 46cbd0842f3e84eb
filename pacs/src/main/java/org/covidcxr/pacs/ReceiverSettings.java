package org.covidcxr.pacs;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where and for whom the receiver listens: its AE title and port, the peers it admits (AE title and host; their port
 * is not used here), the incoming folder and its size cap.
 */
public record ReceiverSettings(String aeTitle, int port, List<DicomNode> peers, Path incoming, long capBytes) {

    public ReceiverSettings {
        aeTitle = DicomNode.checkAeTitle(aeTitle);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Port " + port + " is not a TCP port (1-65535)");
        }
        peers = List.copyOf(peers);
        Objects.requireNonNull(incoming, "incoming folder");
        if (capBytes <= 0) {
            throw new IllegalArgumentException("The incoming folder's size cap must be positive");
        }
    }
}
