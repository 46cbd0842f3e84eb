package org.covidcxr.pacs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Admits an association only from a configured peer (its calling AE title and its host) to this receiver's AE title.
 * PixelMed's acceptor checks the called AE title but admits any caller, so the gate reads the fixed head of the
 * A-ASSOCIATE-RQ (PS3.8 9.3.2: PDU type, length, version, called and calling AE titles) before PixelMed sees it, and
 * answers a stranger with an A-ASSOCIATE-RJ (PS3.8 9.3.4) naming the reason.
 */
final class AssociationGate {
    /** PDU type, reserved, length (4), protocol version (2), reserved (2), called AE (16), calling AE (16). */
    static final int HEAD = 42;
    private static final int CALLING_AE_NOT_RECOGNIZED = 3;
    private static final int CALLED_AE_NOT_RECOGNIZED = 7;
    private static final int NO_REASON = 1;

    private final String ourAeTitle;
    private final List<DicomNode> peers;

    AssociationGate(String ourAeTitle, List<DicomNode> peers) {
        this.ourAeTitle = ourAeTitle;
        this.peers = List.copyOf(peers);
    }

    /** Who asked, and whether they may: a refusal says why in words for the log (no patient data is involved). */
    record Decision(Optional<String> callingAeTitle, Optional<String> refusal, byte[] head) {
    }

    Decision decide(InputStream in, InetAddress from) throws IOException {
        byte[] head = in.readNBytes(HEAD);
        if (head.length < HEAD || head[0] != 0x01) {
            return new Decision(Optional.empty(), Optional.of("not an A-ASSOCIATE-RQ"), head);
        }
        String called = aeTitle(head, 10);
        String calling = aeTitle(head, 26);
        if (!called.equals(ourAeTitle)) {
            return new Decision(Optional.of(calling), Optional.of("called AE title " + called + " is not "
                    + ourAeTitle), head);
        }
        boolean known = peers.stream().anyMatch(p -> p.aeTitle().equals(calling) && sameHost(p.host(), from));
        return new Decision(Optional.of(calling), known ? Optional.empty()
                : Optional.of(calling + " from " + from.getHostAddress() + " is not a configured peer"), head);
    }

    /** Sends the A-ASSOCIATE-RJ for a refusal: permanent, by the service user, with the reason code that fits. */
    static void reject(OutputStream out, Decision d) throws IOException {
        int reason = d.callingAeTitle().isEmpty() ? NO_REASON
                : d.refusal().orElse("").startsWith("called") ? CALLED_AE_NOT_RECOGNIZED : CALLING_AE_NOT_RECOGNIZED;
        out.write(new byte[] {0x03, 0, 0, 0, 0, 4, 0, 1, 1, (byte) reason});
        out.flush();
    }

    private static String aeTitle(byte[] head, int offset) {
        return new String(Arrays.copyOfRange(head, offset, offset + 16), StandardCharsets.US_ASCII).strip();
    }

    private static boolean sameHost(String configured, InetAddress from) {
        try {
            for (InetAddress a : InetAddress.getAllByName(configured)) {
                if (a.equals(from) || a.isLoopbackAddress() && from.isLoopbackAddress()) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
