package org.covidcxr.pacs;

import java.util.Objects;

/**
 * A DICOM application entity on the network: its AE title, host and port. Validated on creation, so that a typing
 * error in the settings is named there rather than surfacing as a refused association.
 */
public record DicomNode(String aeTitle, String host, int port) {

    public DicomNode {
        aeTitle = checkAeTitle(aeTitle);
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("The host of " + aeTitle + " is empty: give a host name or IP address");
        }
        host = host.strip();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Port " + port + " of " + aeTitle + " is not a TCP port (1-65535)");
        }
    }

    /** PS3.5: at most 16 characters of the default repertoire, no backslash or control characters, not all spaces. */
    public static String checkAeTitle(String aeTitle) {
        Objects.requireNonNull(aeTitle, "AE title");
        String t = aeTitle.strip();
        if (t.isEmpty() || t.length() > 16 || !t.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '\\')) {
            throw new IllegalArgumentException("\"" + aeTitle + "\" is not a valid AE title: 1 to 16 characters,"
                    + " letters, digits, spaces or punctuation other than a backslash");
        }
        return t;
    }

    /** Reads {@code AE@HOST:PORT}, the form {@link #toString()} writes and settings and command lines use. */
    public static DicomNode parse(String text) {
        String t = text.strip();
        int at = t.indexOf('@');
        int colon = t.lastIndexOf(':');
        if (at < 1 || colon < at + 2) {
            throw new IllegalArgumentException("\"" + text + "\" is not AE@HOST:PORT (e.g. ORTHANC@10.0.0.5:4242)");
        }
        try {
            return new DicomNode(t.substring(0, at), t.substring(at + 1, colon), Integer.parseInt(t.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + t.substring(colon + 1) + "\" in " + text + " is not a port");
        }
    }

    @Override
    public String toString() {
        return aeTitle + "@" + host + ":" + port;
    }
}
