package org.covidcxr.inference.sitetraining;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The wizard's request to a training process: pause (resumable) or cancel. One word in {@code stop-request}. */
enum StopRequest {
    PAUSE(RunStatus.PAUSED, "Paused; resume continues after the last completed epoch."),
    CANCEL(RunStatus.CANCELLED, "Cancelled by the trainer.");

    private final RunStatus outcome;
    private final String reason;

    StopRequest(RunStatus outcome, String reason) {
        this.outcome = outcome;
        this.reason = reason;
    }

    RunStatus outcome() {
        return outcome;
    }

    String reason() {
        return reason;
    }

    void write(Path file) throws IOException {
        Files.writeString(file, name(), StandardCharsets.UTF_8);
    }

    static Optional<StopRequest> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(valueOf(Files.readString(file).strip())) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of(PAUSE); // a request was made; pausing is the safe reading of it
        }
    }
}
