package org.covidcxr.app.feedback;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** Run by {@link FeedbackStoreTest} as a second workstation: records {@code COUNT} labels of its own images. */
public final class FeedbackWriterProcess {
    private FeedbackWriterProcess() {
    }

    /** Arguments: feedback folder, pseudonym key, writer tag (one hex digit), count. */
    public static void main(String[] args) throws Exception {
        FeedbackStore store = new FeedbackStore(Path.of(args[0]), Path.of(args[1]));
        BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        int count = Integer.parseInt(args[3]);
        for (int i = 0; i < count; i++) {
            String sha = args[2] + String.format("%063x", i);
            store.record(grey, RadiologistLabel.NORMAL, "P" + i, sha, "PA", "1.0.0", Optional.empty(), Instant.now(),
                    "writer-" + args[2]);
        }
    }
}
