package org.covidcxr.pacs;

import java.nio.file.Path;

/**
 * An image the receiver kept: the file in the incoming folder, the study it belongs to (the folder it is in; "unknown"
 * for a header without a usable Study Instance UID) and the AE title that sent it.
 */
public record ReceivedImage(Path file, String studyInstanceUid, String sender) {
}
