package org.covidcxr.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
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

    private AuditVerifier() {
    }

    /** Verifies with the site key kept beside the log (entries before it existed: plain SHA-256 seals). */
    public static Result verify(Path file) throws IOException {
        return verify(file, AuditKey.read(file));
    }

    static Result verify(Path file, Optional<AuditKey> key) throws IOException {
        String prev = AuditLog.GENESIS;
        long lineNo = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            for (byte[] bytes = readLine(in); bytes != null; bytes = readLine(in)) {
                lineNo++;
                String line;
                try {
                    // Strict: bytes that are not UTF-8 name their line instead of becoming U+FFFD.
                    line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
                } catch (CharacterCodingException e) {
                    return new Result(lineNo - 1, lineNo, "holds bytes that are not UTF-8 text (not an audit log, "
                            + "or damaged)", prev);
                }
                String problem = check(line, lineNo, prev, key);
                if (problem != null) {
                    return new Result(lineNo - 1, lineNo, problem, prev);
                }
                Matcher m = SEALED.matcher(line);
                m.matches();
                prev = m.group(2);
            }
        }
        return new Result(lineNo, 0, "", prev);
    }

    /** The next line's bytes without its line break, or null at the end. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b = in.read();
        if (b < 0) {
            return null;
        }
        while (b >= 0 && b != '\n') {
            line.write(b);
            b = in.read();
        }
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return java.util.Arrays.copyOf(bytes, end);
    }

    /** @return why the line is bad, or null when it continues the chain */
    private static String check(String line, long lineNo, String expectedPrev, Optional<AuditKey> key) {
        Matcher m = SEALED.matcher(line);
        if (!m.matches()) {
            return "not a sealed audit entry (no trailing hash)";
        }
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
            return key.get().seal(body).equals(m.group(2)) ? null
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
