package org.covidcxr.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only, hash-chained JSON-lines audit log. Each line is a JSON object
 * {@code {"seq":n,"type":…,"time":…,"user":…,…,"prev":<hash of line n-1>,"hash":<sha256>}} where {@code hash} is the
 * SHA-256 (hex) of the exact line text up to, not including, {@code ,"hash":…} plus the closing brace. Changing,
 * inserting, reordering or deleting any line breaks the chain from there on; {@link AuditVerifier} names the first
 * bad line. Several processes (the workstation, the command line) may append to one log: each append holds a file
 * lock and chains onto the line actually last in the file.
 */
public final class AuditLog {

    static final String GENESIS = "0".repeat(64);

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Lines are well under this; the tail read to find the last one. */
    private static final int TAIL_BYTES = 64 * 1024;
    /** File locks are per process: appenders to one file within this process take turns here first. */
    private static final Map<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final Object turn;
    private AuditKey key;

    private AuditLog(Path file) {
        this.file = file;
        this.turn = IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object());
    }

    /**
     * Opens (creating if needed) the log. Refuses to extend a log whose chain is already broken, so that later
     * entries never launder a tampered history. Verifies what was appended since the log was last verified
     * ({@link AuditCheckpoint}; every line when there is no checkpoint, or it does not fit the log).
     */
    public static AuditLog open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AuditLog log = new AuditLog(file);
        if (Files.exists(file)) {
            // Under a shared lock: an append by another process (an exclusive lock) is never read half-written, and
            // every opener holding it sees the same lines, so their checkpoints agree.
            synchronized (log.turn) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                     FileLock ignored = channel.lock(0, Long.MAX_VALUE, true)) {
                    AuditVerifier.Outcome outcome = AuditVerifier.verifyAppended(file, AuditKey.read(file));
                    AuditVerifier.Result result = outcome.result();
                    if (!result.intact()) {
                        throw new IOException("The audit log " + file + " fails verification (" + result.describe()
                                + "). Move it, with " + AuditCheckpoint.FILE_NAME + " beside it, aside for "
                                + "investigation; a new log will then be started.");
                    }
                    log.key = AuditKey.readOrCreate(file, result.entries() + 1);
                    outcome.checkpoint().ifPresent(verified -> log.keep(verified));
                }
            }
        } else if (Files.exists(AuditCheckpoint.file(file))) {
            throw new IOException("The audit log " + file + " is missing, but " + AuditCheckpoint.FILE_NAME + " beside "
                    + "it records entries it held: it was deleted or moved. Restore it from the backup; to start a new "
                    + "log instead, move " + AuditCheckpoint.FILE_NAME + " aside too.");
        } else {
            log.key = AuditKey.readOrCreate(file, 1);
        }
        return log;
    }

    /** Records the verification, unless the checkpoint already covers as much. */
    private void keep(AuditCheckpoint verified) {
        Optional<AuditCheckpoint> existing = AuditCheckpoint.find(file, Optional.of(key)).checkpoint();
        if (existing.isPresent() && existing.get().entries() >= verified.entries()) {
            return;
        }
        try {
            verified.write(file, key);
        } catch (IOException e) {
            // Only costs verifying these lines again at the next opening.
            LOG.warn("The audit log's checkpoint {} could not be written: {}", AuditCheckpoint.file(file),
                    e.getMessage());
        }
    }

    public Path file() {
        return file;
    }

    public void append(AuditEvent event) throws IOException {
        synchronized (turn) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                Head head = head(channel);
                ObjectNode line = JSON.createObjectNode();
                line.put("seq", head.seq() + 1);
                line.put("type", event.type());
                line.put("time", event.time().toString());
                line.put("user", event.user());
                event.writeFields(line);
                line.put("prev", head.hash());
                String body = JSON.writeValueAsString(line);
                String seal = head.seq() + 1 >= key.fromSeq() ? key.seal(body) : AuditVerifier.sha256(body);
                String text = sealed(body, seal) + "\n";
                channel.position(channel.size());
                channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                channel.force(false);
            }
        }
    }

    /** How many entries the log holds (written by any process). */
    public long entries() throws IOException {
        synchronized (turn) {
            if (!Files.exists(file)) {
                return 0;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                 FileLock ignored = channel.lock(0, Long.MAX_VALUE, true)) {
                return head(channel).seq();
            }
        }
    }

    /** The lines as written, for display; verification is {@link AuditVerifier}'s job. */
    public List<String> lines() throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    static String sealed(String body, String hash) {
        return body.substring(0, body.length() - 1) + ",\"hash\":\"" + hash + "\"}";
    }

    /** The chain's head: sequence number and hash of the last line. */
    private record Head(long seq, String hash) {
    }

    /** The log's text that ends at byte {@code end}: enough of it to hold the whole line ending there. */
    static String textEndingAt(FileChannel channel, long end) throws IOException {
        int length = (int) Math.min(end, TAIL_BYTES);
        ByteBuffer tail = ByteBuffer.allocate(length);
        channel.read(tail, end - length);
        return new String(tail.array(), StandardCharsets.UTF_8);
    }

    private Head head(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return new Head(0, GENESIS);
        }
        String text = textEndingAt(channel, size);
        String[] lines = text.strip().split("\n");
        String last = lines[lines.length - 1];
        try {
            JsonNode node = JSON.readTree(last);
            if (!text.endsWith("\n") || !node.path("seq").canConvertToLong() || !node.path("hash").isTextual()) {
                throw new IOException("incomplete last line");
            }
            return new Head(node.get("seq").asLong(), node.get("hash").asText());
        } catch (IOException e) {
            throw new IOException("The last line of the audit log " + file + " is damaged (" + e.getMessage()
                    + "), so nothing more can be chained onto it. Run `covidcxr audit verify`, then move the log "
                    + "aside for investigation; a new log will then be started.", e);
        }
    }
}
