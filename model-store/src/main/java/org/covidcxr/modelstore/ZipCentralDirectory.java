package org.covidcxr.modelstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a zip file's central directory. {@link java.util.zip.ZipEntry} hides the external file attributes, which
 * is where a zip marks an entry as a symbolic link, so the import checks them here before extracting anything.
 */
final class ZipCentralDirectory {

    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int CENTRAL_SIGNATURE = 0x02014b50;
    private static final int EOCD_SIZE = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    private static final int HOST_UNIX = 3;
    private static final int S_IFMT = 0170000;
    private static final int S_IFLNK = 0120000;
    private static final int DOS_REPARSE_POINT = 0x400;

    /**
     * One central directory record.
     *
     * @param name     entry name (UTF-8, as {@link java.util.zip.ZipFile} decodes it)
     * @param link     whether the entry is a symbolic link (Unix mode or Windows reparse point)
     * @param encrypted whether the entry is encrypted
     * @param compressedSize   bytes the entry takes in the archive, as declared
     * @param uncompressedSize bytes it expands to, as declared (extraction holds it to that)
     */
    record Entry(String name, boolean link, boolean encrypted, long compressedSize, long uncompressedSize) {
    }

    private ZipCentralDirectory() {
    }

    static List<Entry> read(Path zip, int maxEntries) throws IOException {
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = ch.size();
            int tail = (int) Math.min(size, EOCD_SIZE + MAX_COMMENT);
            ByteBuffer end = readFully(ch, size - tail, tail);
            int eocd = -1;
            for (int i = tail - EOCD_SIZE; i >= 0; i--) {
                if (end.getInt(i) == EOCD_SIGNATURE) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) {
                throw refused(zip, "it is not a zip archive (no end-of-central-directory record)");
            }
            int count = Short.toUnsignedInt(end.getShort(eocd + 10));
            long cdSize = Integer.toUnsignedLong(end.getInt(eocd + 12));
            long cdOffset = Integer.toUnsignedLong(end.getInt(eocd + 16));
            if (count == 0xFFFF || cdSize == 0xFFFFFFFFL || cdOffset == 0xFFFFFFFFL) {
                throw refused(zip, "ZIP64 archives are not accepted (a model bundle is far smaller than 4 GiB)");
            }
            if (count > maxEntries) {
                throw refused(zip, "it has " + count + " entries, more than the limit of " + maxEntries);
            }
            if (cdOffset + cdSize > size - tail + eocd || cdSize > 64L * maxEntries + (1 << 20)) {
                throw refused(zip, "its central directory is malformed");
            }
            return parse(zip, readFully(ch, cdOffset, (int) cdSize), count);
        }
    }

    private static List<Entry> parse(Path zip, ByteBuffer cd, int count) throws UnsafeArchiveException {
        List<Entry> entries = new ArrayList<>(count);
        int p = 0;
        for (int i = 0; i < count; i++) {
            if (p + 46 > cd.limit() || cd.getInt(p) != CENTRAL_SIGNATURE) {
                throw refused(zip, "its central directory is malformed (entry " + (i + 1) + ")");
            }
            int madeBy = Short.toUnsignedInt(cd.getShort(p + 4));
            int flags = Short.toUnsignedInt(cd.getShort(p + 8));
            int nameLen = Short.toUnsignedInt(cd.getShort(p + 28));
            int extraLen = Short.toUnsignedInt(cd.getShort(p + 30));
            int commentLen = Short.toUnsignedInt(cd.getShort(p + 32));
            int external = cd.getInt(p + 38);
            long compressed = Integer.toUnsignedLong(cd.getInt(p + 20));
            long uncompressed = Integer.toUnsignedLong(cd.getInt(p + 24));
            if (p + 46 + nameLen > cd.limit()) {
                throw refused(zip, "its central directory is malformed (entry " + (i + 1) + ")");
            }
            byte[] name = new byte[nameLen];
            cd.get(p + 46, name);
            boolean unixLink = (madeBy >> 8) == HOST_UNIX && ((external >>> 16) & S_IFMT) == S_IFLNK;
            boolean dosLink = (external & DOS_REPARSE_POINT) != 0;
            entries.add(new Entry(new String(name, StandardCharsets.UTF_8), unixLink || dosLink, (flags & 1) != 0,
                    compressed, uncompressed));
            p += 46 + nameLen + extraLen + commentLen;
        }
        return entries;
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            if (ch.read(buf, position + buf.position()) < 0) {
                break;
            }
        }
        return buf.flip();
    }

    static UnsafeArchiveException refused(Path zip, String why) {
        return new UnsafeArchiveException("Refused to import " + zip + ": " + why + ".");
    }
}
