package org.covidcxr.pacs;

import java.nio.file.Path;

/** An image the receiver kept: the file in the incoming folder and the AE title that sent it. */
public record ReceivedImage(Path file, String sender) {
}
