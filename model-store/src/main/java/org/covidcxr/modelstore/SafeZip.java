package org.covidcxr.modelstore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Bundle archives: export writes {@code <version>/<file>} entries; import accepts that layout or the files at the
 * top level, and refuses anything that could write outside the target folder or fill the disk.
 */
final class SafeZip {

    private static final long RATIO_CHECK_FLOOR = 1 << 20;
    // A fixed timestamp keeps exports of the same bundle byte-identical.
    private static final FileTime ENTRY_TIME = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

    private SafeZip() {
    }

    /**
     * Writes the bundle's files (as listed by its manifest, plus the manifest and the signature) to {@code zipFile}
     * atomically.
     */
    static void write(ModelBundle bundle, Path zipFile) throws IOException {
        Path dir = bundle.directory();
        List<String> files = ModelBundles.filesToCopy(dir);
        CrashPoint.FILES.write(zipFile, tmp -> {
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
                for (String file : files) {
                    ZipEntry entry = new ZipEntry(bundle.version() + "/" + file);
                    entry.setLastModifiedTime(ENTRY_TIME);
                    zip.putNextEntry(entry);
                    Files.copy(dir.resolve(file), zip);
                    zip.closeEntry();
                }
            }
        });
    }

    /**
     * Extracts a bundle archive into the empty folder {@code target}, stripping one top folder if the files sit in
     * one.
     *
     * @throws UnsafeArchiveException for path traversal, absolute paths, links, encryption, or limits exceeded
     * @throws ModelStoreException    if the archive holds no model card
     */
    static void extract(Path zip, Path target, ZipLimits limits) throws IOException {
        List<ZipCentralDirectory.Entry> raw;
        try {
            raw = ZipCentralDirectory.read(zip, limits.maxEntries());
        } catch (IndexOutOfBoundsException e) {
            throw ZipCentralDirectory.refused(zip, "its central directory is malformed");
        }
        Map<String, Long> declared = new HashMap<>();
        long declaredTotal = 0;
        for (ZipCentralDirectory.Entry e : raw) {
            checkName(zip, e.name());
            if (e.link()) {
                throw ZipCentralDirectory.refused(zip, "entry '" + e.name() + "' is a symbolic link");
            }
            if (e.encrypted()) {
                throw ZipCentralDirectory.refused(zip, "entry '" + e.name() + "' is encrypted");
            }
            if (declared.put(e.name(), e.uncompressedSize()) != null) {
                throw ZipCentralDirectory.refused(zip, "entry '" + e.name() + "' appears twice");
            }
            // Refused on what the archive declares, before a byte is written; LimitedStream holds it to that.
            if (e.uncompressedSize() > RATIO_CHECK_FLOOR
                    && e.uncompressedSize() / Math.max(1, e.compressedSize()) > limits.maxCompressionRatio()) {
                throw ZipCentralDirectory.refused(zip, "entry '" + e.name() + "' expands more than "
                        + limits.maxCompressionRatio() + " times (zip bomb?)");
            }
            declaredTotal += e.uncompressedSize();
        }
        if (declaredTotal > limits.maxTotalBytes()) {
            throw ZipCentralDirectory.refused(zip, "it declares " + declaredTotal + " bytes uncompressed, more than "
                    + "the limit of " + limits.maxTotalBytes() + " (zip bomb?)");
        }
        long free = Files.getFileStore(target).getUsableSpace();
        if (declaredTotal > free) {
            throw new ModelStoreException("Cannot import " + zip + ": it expands to " + (declaredTotal >> 20)
                    + " MiB but only " + (free >> 20) + " MiB are free on the disk of " + target + ".");
        }
        Set<String> names = declared.keySet();
        String prefix = bundlePrefix(zip, names);
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            long[] total = {0};
            Enumeration<? extends ZipEntry> entries = zf.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!names.contains(entry.getName())) {
                    throw ZipCentralDirectory.refused(zip, "its entries are inconsistent");
                }
                String name = entry.getName().substring(prefix.length());
                if (name.isEmpty()) {
                    continue;
                }
                Path out = target.resolve(name.endsWith("/") ? name.substring(0, name.length() - 1) : name)
                        .normalize();
                if (!out.startsWith(target) || out.equals(target)) {
                    throw ZipCentralDirectory.refused(zip, "entry '" + entry.getName() + "' points outside the bundle");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = new LimitedStream(zf.getInputStream(entry), zip, entry,
                        declared.get(entry.getName()), total, limits)) {
                    CrashPoint.FILES.copy(in, out);
                }
            }
        } catch (ZipException e) {
            throw ZipCentralDirectory.refused(zip, "it is damaged (" + e.getMessage() + ")");
        }
    }

    /** Accepts only '/'-separated relative names without '.', '..' or empty segments (zip-slip). */
    private static void checkName(Path zip, String name) throws UnsafeArchiveException {
        String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        if (!ChecksumManifest.isSafeRelativePath(path)) {
            throw ZipCentralDirectory.refused(zip, "entry '" + name + "' is an absolute path or leaves its folder");
        }
    }

    /** "" if the card is at the top, "X/" if everything sits in one folder X holding the card. */
    private static String bundlePrefix(Path zip, Set<String> names) {
        if (names.contains(ModelBundle.CARD_FILE)) {
            return "";
        }
        for (String name : names) {
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(slash + 1).equals(ModelBundle.CARD_FILE)) {
                String prefix = name.substring(0, slash + 1);
                if (names.stream().allMatch(n -> n.startsWith(prefix))) {
                    return prefix;
                }
            }
        }
        throw new ModelStoreException("Cannot import " + zip + ": it is not a model bundle archive (no "
                + ModelBundle.CARD_FILE + " at its top or inside one top folder). Export bundles with "
                + "`models export VERSION FILE`.");
    }

    /** Counts inflated bytes as they come, so lying size headers cannot get past the limits. */
    private static final class LimitedStream extends FilterInputStream {
        private final Path zip;
        private final ZipEntry entry;
        private final long declared;
        private final long[] total;
        private final ZipLimits limits;
        private long count;

        LimitedStream(InputStream in, Path zip, ZipEntry entry, long declared, long[] total, ZipLimits limits) {
            super(in);
            this.zip = zip;
            this.entry = entry;
            this.declared = declared;
            this.total = total;
            this.limits = limits;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
                total[0] += n;
                check();
            }
            return n;
        }

        private void check() throws UnsafeArchiveException {
            if (count > declared) {
                throw ZipCentralDirectory.refused(zip, "entry '" + entry.getName() + "' expands beyond the "
                        + declared + " bytes its header declares (zip bomb?)");
            }
            if (total[0] > limits.maxTotalBytes()) {
                throw ZipCentralDirectory.refused(zip, "it expands to more than " + limits.maxTotalBytes()
                        + " bytes (zip bomb?)");
            }
            long compressed = Math.max(1, entry.getCompressedSize());
            if (count > RATIO_CHECK_FLOOR && count / compressed > limits.maxCompressionRatio()) {
                throw ZipCentralDirectory.refused(zip, "entry '" + entry.getName() + "' expands more than "
                        + limits.maxCompressionRatio() + " times (zip bomb?)");
            }
        }
    }
}
