package org.covidcxr.modelstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code checksums.sha256} manifest: one {@code <sha256-hex>  <relative/path>} line per file of the bundle
 * except the manifest itself and the signature of it ({@value BundleSignature#FILE_NAME}), sorted by path, so
 * {@code sha256sum -c checksums.sha256} checks a bundle too.
 */
final class ChecksumManifest {

    static final String FILE_NAME = "checksums.sha256";

    // sha256sum writes "<hex>  <name>" (text mode) or "<hex> *<name>" (binary mode); both are accepted.
    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64}) [ *](.+)");

    private ChecksumManifest() {
    }

    /**
     * Relative path ('/'-separated) → SHA-256 hex of every regular file under {@code dir}, manifest and signature
     * excluded.
     */
    static Map<String, String> compute(Path dir) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        for (String rel : listFiles(dir)) {
            sums.put(rel, sha256(dir.resolve(rel)));
        }
        return sums;
    }

    /**
     * Relative paths of the regular files under {@code dir} (manifest and signature excluded).
     *
     * @throws ModelStoreException if the tree holds a link or another non-regular file
     */
    static List<String> listFiles(Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        List<String> others = new ArrayList<>();
        walk(dir, files, others);
        if (!others.isEmpty()) {
            throw new ModelStoreException("Bundle folder " + dir + " contains links or special files (" + others
                    + "); a bundle may hold regular files only. Replace them by the real files.");
        }
        return files;
    }

    /** Walks {@code dir} without following links, sorting regular files and everything else. */
    static void walk(Path dir, List<String> regularFiles, List<String> otherFiles) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = relative(dir, file);
                if (!attrs.isRegularFile()) {
                    otherFiles.add(rel);
                } else if (!rel.equals(FILE_NAME) && !rel.equals(BundleSignature.FILE_NAME)) {
                    regularFiles.add(rel);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        regularFiles.sort(null);
        otherFiles.sort(null);
    }

    static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** Writes the manifest for {@code dir}'s current content. */
    static void write(Path dir) throws IOException {
        StringBuilder text = new StringBuilder();
        compute(dir).forEach((rel, hex) -> text.append(hex).append("  ").append(rel).append('\n'));
        CrashPoint.FILES.write(dir.resolve(FILE_NAME), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses a manifest.
     *
     * @throws ModelStoreException naming the manifest and the bad line when it is missing or malformed
     */
    static Map<String, String> read(Path manifest) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ModelStoreException(FILE_NAME + " is missing");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ModelStoreException(FILE_NAME + " is not UTF-8 text");
        }
        return parse(lines);
    }

    static Map<String, String> parse(List<String> lines) {
        Map<String, String> sums = new TreeMap<>();
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches() || !isSafeRelativePath(m.group(2)) || m.group(2).equals(FILE_NAME)) {
                throw new ModelStoreException(FILE_NAME + " line " + n + " is malformed: '" + line
                        + "' (expected '<64 hex digits>  <relative path>')");
            }
            if (sums.put(m.group(2), m.group(1)) != null) {
                throw new ModelStoreException(FILE_NAME + " line " + n + " lists " + m.group(2) + " twice");
            }
        }
        return sums;
    }

    /** A '/'-separated relative path without empty, '.' or '..' segments, backslashes or control characters. */
    static boolean isSafeRelativePath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.indexOf('\\') >= 0
                || path.matches("^[A-Za-z]:.*") || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }
}
