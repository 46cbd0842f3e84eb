package org.covidcxr.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an {@link AuditLog}'s chain line by line and names the first line that does not fit: each line names the
 * previous line's seal, and its own seal is the site key's HMAC of it ({@link AuditKey}; plain SHA-256 before the key).
 */
public final class AuditVerifier {

    private static final Pattern SEALED = Pattern.compile("^(\\{.*),\"hash\":\"([0-9a-f]{64})\"}$");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param firstBadLine 1-based line number of the first bad line, 0 when intact
     * @param problem      what is wrong with that line; empty when intact
     * @param lastHash     hash of the last good line (the chain head)
     */
    public record Result(long entries, long firstBadLine, String problem, String lastHash) {
        public boolean intact() {
            return firstBadLine == 0;
        }

        public String describe() {
            return intact() ? "intact, " + entries + " entries" : "line " + firstBadLine + ": " + problem;
        }
    }

    /** A result, and where the verified lines end: what a new {@link AuditCheckpoint} records. */
    record Outcome(Result result, long bytes, String firstSeal) {
        Optional<AuditCheckpoint> checkpoint() {
            return result.intact() && result.entries() > 0
                    ? Optional.of(new AuditCheckpoint(result.entries(), bytes, firstSeal, result.lastHash()))
                    : Optional.empty();
        }
    }

    private AuditVerifier() {
    }

    /**
     * Verifies every line with the site key kept beside the log (entries before it existed: plain SHA-256 seals),
     * and that the log still holds what it held when it was last verified ({@link AuditCheckpoint}).
     */
    public static Result verify(Path file) throws IOException {
        Optional<AuditKey> key = AuditKey.read(file);
        return verify(file, key, AuditCheckpoint.find(file, key), false).result();
    }

    /**
     * The check when the log is opened: where the checkpoint is this log's and the line it ends with is still in its
     * place, only the lines appended since are verified; otherwise every line.
     */
    static Outcome verifyAppended(Path file, Optional<AuditKey> key) throws IOException {
        return verify(file, key, AuditCheckpoint.find(file, key), true);
    }

    private static Outcome verify(Path file, Optional<AuditKey> key, AuditCheckpoint.Found found, boolean resume)
            throws IOException {
        Optional<AuditCheckpoint> expected = found.checkpoint().filter(c -> c.firstSeal().equals(firstSeal(file)));
        Outcome outcome = verify(file, key, expected, resume);
        if (!outcome.result().intact()) {
            return outcome;
        }
        long entries = outcome.result().entries();
        if (found.damaged()) {
            return new Outcome(new Result(entries, entries + 1, AuditCheckpoint.FILE_NAME + " beside the log, the "
                    + "record of its last verification, is damaged or not sealed with the site key: it was edited or "
                    + "replaced, so entries may have been removed from the log's end", outcome.result().lastHash()),
                    outcome.bytes(), outcome.firstSeal());
        }
        if (found.checkpoint().isPresent() && expected.isEmpty()) {
            String problem = entries == 0 ? "missing: the log is empty, but it held " + found.checkpoint().get()
                    .entries() + " entries when it was last verified" : "is not the entry the log began with when it "
                    + "was last verified: the log was replaced (" + AuditCheckpoint.FILE_NAME + " beside it is the "
                    + "earlier log's)";
            return new Outcome(new Result(0, 1, problem, AuditLog.GENESIS), 0, "");
        }
        return outcome;
    }

    private static Outcome verify(Path file, Optional<AuditKey> key, Optional<AuditCheckpoint> expected,
            boolean resume) throws IOException {
        // Where verification starts: after the lines the checkpoint vouches for, or at the beginning.
        AuditCheckpoint start = expected.filter(c -> resume && endsAt(file, c)).orElse(AuditCheckpoint.NOTHING);
        Function<String, String> hmac = key.map(AuditKey::sealer).orElse(null);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String prev = start.lastSeal();
        String firstSeal = start.firstSeal();
        long lineNo = start.entries();
        long bytes = start.bytes();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            LineReader lines = new LineReader(Channels.newInputStream(channel.position(start.bytes())));
            for (byte[] raw = lines.next(); raw != null; raw = lines.next()) {
                lineNo++;
                String line;
                try {
                    // Strict: bytes that are not UTF-8 name their line instead of becoming U+FFFD.
                    line = utf8.reset().decode(ByteBuffer.wrap(raw, 0, withoutCarriageReturn(raw))).toString();
                } catch (CharacterCodingException e) {
                    return new Outcome(new Result(lineNo - 1, lineNo, "holds bytes that are not UTF-8 text (not an "
                            + "audit log, or damaged)", prev), bytes, firstSeal);
                }
                Matcher m = SEALED.matcher(line);
                String problem = !m.matches() ? "not a sealed audit entry (no trailing hash)"
                        : !lines.lastTerminated() ? "ends without its line break (it was cut off while being written)"
                        : check(m, lineNo, prev, key, hmac);
                if (problem == null && expected.isPresent() && lineNo == expected.get().entries()
                        && !m.group(2).equals(expected.get().lastSeal())) {
                    problem = "is not the entry " + lineNo + " that was there when the log was last verified "
                            + "(entries were removed or replaced)";
                }
                if (problem != null) {
                    return new Outcome(new Result(lineNo - 1, lineNo, problem, prev), bytes, firstSeal);
                }
                prev = m.group(2);
                firstSeal = lineNo == 1 ? prev : firstSeal;
                bytes += lines.lastLength();
            }
        }
        if (expected.isPresent() && lineNo < expected.get().entries()) {
            return new Outcome(new Result(lineNo, lineNo + 1, "the log ends after entry " + lineNo + ", but it held "
                    + expected.get().entries() + " entries when it was last verified (entries were removed from its "
                    + "end)", prev), bytes, firstSeal);
        }
        return new Outcome(new Result(lineNo, 0, "", prev), bytes, firstSeal);
    }

    /** The seal of the log's first line; empty when there is none. */
    private static String firstSeal(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] first = new LineReader(in).next();
            Matcher m = first == null ? null : SEALED.matcher(new String(first, StandardCharsets.UTF_8).strip());
            return m != null && m.matches() ? m.group(2) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Whether the line that ends at the checkpoint's byte count is still the one it vouches for. */
    private static boolean endsAt(Path file, AuditCheckpoint checkpoint) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < checkpoint.bytes()) {
                return false;
            }
            String text = AuditLog.textEndingAt(channel, checkpoint.bytes());
            return text.endsWith("\n") && text.strip().endsWith(",\"hash\":\"" + checkpoint.lastSeal() + "\"}");
        } catch (IOException e) {
            return false;
        }
    }

    private static int withoutCarriageReturn(byte[] line) {
        return line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
    }

    /** Lines of bytes, read in blocks (a year of entries is tens of megabytes). */
    private static final class LineReader {
        private final InputStream in;
        private final byte[] block = new byte[64 * 1024];
        private int position;
        private int limit;
        private int lastLength;
        private boolean terminated;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** The next line without its line break, or null at the end. */
        byte[] next() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            lastLength = 0;
            while (true) {
                if (position == limit) {
                    limit = in.read(block);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        terminated = false;
                        return lastLength == 0 ? null : line.toByteArray();
                    }
                }
                int end = position;
                while (end < limit && block[end] != '\n') {
                    end++;
                }
                line.write(block, position, end - position);
                lastLength += end - position;
                if (end < limit) {
                    position = end + 1;
                    lastLength++;
                    terminated = true;
                    return line.toByteArray();
                }
                position = limit;
            }
        }

        /** Bytes the last line took in the file, its line break included. */
        int lastLength() {
            return lastLength;
        }

        /** Whether the last line ended with a line break (every complete entry does). */
        boolean lastTerminated() {
            return terminated;
        }
    }

    /** @return why the line is bad, or null when it continues the chain */
    private static String check(Matcher m, long lineNo, String expectedPrev, Optional<AuditKey> key,
            Function<String, String> hmac) {
        String body = m.group(1) + "}";
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            return "not valid JSON";
        }
        if (node.path("seq").asLong(-1) != lineNo) {
            return "sequence number " + node.path("seq").asText("missing") + " where " + lineNo
                    + " was expected (a line was removed, inserted or moved)";
        }
        if (!expectedPrev.equals(node.path("prev").asText())) {
            return "does not chain to the previous line (a line before it was removed or replaced)";
        }
        if (key.isPresent() && lineNo >= key.get().fromSeq()) {
            return hmac.apply(body).equals(m.group(2)) ? null
                    : "its seal is not the site key's (the line was edited, or the log re-chained without the key)";
        }
        if (key.isEmpty() && !sha256(body).equals(m.group(2))) {
            return "content does not match its hash (the line was edited, or the site key " + AuditKey.FILE_NAME
                    + " that sealed it is missing)";
        }
        return sha256(body).equals(m.group(2)) ? null : "content does not match its hash (the line was edited)";
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
