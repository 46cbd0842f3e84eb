package org.covidcxr.app.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Append-only, hash-chained JSON-lines audit log. Each line is a JSON object
 * {@code {"seq":n,"type":…,"time":…,"user":…,…,"prev":<hash of line n-1>,"hash":<sha256>}} where {@code hash} is the
 * SHA-256 (hex) of the exact line text up to, not including, {@code ,"hash":…} plus the closing brace. Changing,
 * inserting, reordering or deleting any line breaks the chain from there on; {@link AuditVerifier} names the first
 * bad line. Thread-safe within one process.
 */
public final class AuditLog {

    static final String GENESIS = "0".repeat(64);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private long lastSeq;
    private String lastHash;

    private AuditLog(Path file, long lastSeq, String lastHash) {
        this.file = file;
        this.lastSeq = lastSeq;
        this.lastHash = lastHash;
    }

    /**
     * Opens (creating if needed) the log. Refuses to extend a log whose chain is already broken, so that later
     * entries never launder a tampered history.
     */
    public static AuditLog open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            return new AuditLog(file, 0, GENESIS);
        }
        AuditVerifier.Result result = AuditVerifier.verify(file);
        if (!result.intact()) {
            throw new IOException("The audit log " + file + " fails verification (" + result.describe()
                    + "). Move it aside for investigation; a new log will then be started.");
        }
        return new AuditLog(file, result.entries(), result.lastHash());
    }

    public Path file() {
        return file;
    }

    public synchronized void append(AuditEvent event) throws IOException {
        ObjectNode line = JSON.createObjectNode();
        line.put("seq", lastSeq + 1);
        line.put("type", event.type());
        line.put("time", event.time().toString());
        line.put("user", event.user());
        event.writeFields(line);
        line.put("prev", lastHash);
        String body = JSON.writeValueAsString(line);
        String hash = AuditVerifier.sha256(body);
        String text = sealed(body, hash) + "\n";
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
        }
        lastSeq++;
        lastHash = hash;
    }

    public synchronized long entries() {
        return lastSeq;
    }

    /** The lines as written, for display; verification is {@link AuditVerifier}'s job. */
    public List<String> lines() throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    static String sealed(String body, String hash) {
        return body.substring(0, body.length() - 1) + ",\"hash\":\"" + hash + "\"}";
    }
}
