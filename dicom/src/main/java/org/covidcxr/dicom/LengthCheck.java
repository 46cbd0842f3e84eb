package org.covidcxr.dicom;

import static org.covidcxr.dicom.ImageReadException.Problem.CORRUPT;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.ValueRepresentation;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * A pre-pass over a data set's encoding (PS3.5 7.1, 7.5) that checks every declared length, at any nesting depth,
 * against the bytes that can still follow. PixelMed allocates a value's full declared length before reading it, so
 * one corrupt length inside a sequence item would otherwise cost up to 2 GiB and seconds of work. Values are skipped,
 * not read; a file that simply ends early passes here and is reported as truncated by the real parse.
 */
final class LengthCheck {
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQUENCE_END = 0xFFFEE0DD;
    private static final int PIXEL_DATA = 0x7FE00010;
    private static final int MAX_DEPTH = 64;
    /** Far more than any image header holds; PixelMed's item lists are linked lists, so huge ones cost quadratic time. */
    static final int MAX_ITEMS = 10_000;
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN",
            "UR", "UT", "UV");

    private final DataInputStream in;
    private final long available;
    private final boolean inflating;
    private final boolean stopAtPixelData;
    private long position;

    private LengthCheck(InputStream in, long available, boolean inflating, boolean stopAtPixelData) {
        this.in = new DataInputStream(in);
        this.available = available;
        this.inflating = inflating;
        this.stopAtPixelData = stopAtPixelData;
    }

    /**
     * Checks a data set read straight from a file.
     *
     * @param in              the data set from its first element, after any meta header
     * @param available       the bytes that follow in the file
     * @param stopAtPixelData stop at the top-level Pixel Data element (the parse stops there too, and
     *                        {@link PixelDataReader} checks its lengths itself)
     */
    static void check(InputStream in, boolean explicitVr, boolean bigEndian, long available, boolean stopAtPixelData)
            throws IOException, IntakeProblem {
        new LengthCheck(in, available, false, stopAtPixelData).run(explicitVr, bigEndian);
    }

    /**
     * Checks a deflated data set while inflating it: lengths must fit in what actually inflates, and the whole must
     * stay under {@code limit} (a decompression bomb is refused without being inflated to the end).
     */
    static void checkInflating(InputStream inflated, long limit, boolean stopAtPixelData)
            throws IOException, IntakeProblem {
        new LengthCheck(inflated, limit, true, stopAtPixelData).run(true, false);
    }

    private void run(boolean explicitVr, boolean bigEndian) throws IOException, IntakeProblem {
        try {
            dataSet(UNDEFINED, explicitVr, bigEndian, 0);
        } catch (EOFException e) {
            // A file that just ends early is reported by the parse proper, as truncated.
        }
    }

    /** Elements until {@code end} (absolute position), an item delimiter, or the end of the stream. */
    private void dataSet(long end, boolean explicitVr, boolean bigEndian, int depth) throws IOException, IntakeProblem {
        if (depth > MAX_DEPTH) {
            throw corrupt("its sequences are nested more than " + MAX_DEPTH + " deep");
        }
        while (end == UNDEFINED || position < end) {
            int tag = tag(bigEndian, end == UNDEFINED && depth == 0);
            if (tag == -1 || (depth == 0 && stopAtPixelData && tag == PIXEL_DATA)) {
                return; // clean end of the top-level data set, or as far as the parse will go
            }
            if (tag == ITEM_END) {
                u32(bigEndian);
                return;
            }
            String vr = null;
            long length;
            if (explicitVr && (tag >>> 16) != 0xFFFE) {
                vr = new String(new byte[] {(byte) in.readUnsignedByte(), (byte) in.readUnsignedByte()},
                        java.nio.charset.StandardCharsets.US_ASCII);
                position += 2;
                if (LONG_VRS.contains(vr)) {
                    u16(bigEndian);
                    length = u32(bigEndian);
                } else {
                    length = u16(bigEndian);
                }
            } else {
                length = u32(bigEndian);
                vr = dictionaryVr(tag);
            }
            if (length == UNDEFINED) {
                if (tag == PIXEL_DATA) {
                    items(UNDEFINED, true, false, bigEndian, depth + 1);
                } else {
                    // SQ, or UN holding a sequence: its items are then implicit VR little endian (PS3.5 6.2.2).
                    boolean un = "UN".equals(vr);
                    items(UNDEFINED, false, !un && explicitVr, !un && bigEndian, depth + 1);
                }
            } else {
                fits(length);
                if ("SQ".equals(vr)) {
                    items(position + length, false, explicitVr, bigEndian, depth + 1);
                } else {
                    skip(length);
                }
            }
        }
    }

    /** Sequence items, or encapsulated pixel data fragments (skipped), until {@code end} or the delimiter. */
    private void items(long end, boolean fragments, boolean explicitVr, boolean bigEndian, int depth)
            throws IOException, IntakeProblem {
        int count = 0;
        while (end == UNDEFINED || position < end) {
            if (!fragments && ++count > MAX_ITEMS) {
                throw corrupt("a sequence holds more than " + MAX_ITEMS + " items");
            }
            int tag = tag(bigEndian, false);
            long length = u32(bigEndian);
            if (tag == SEQUENCE_END) {
                return;
            }
            if (tag != ITEM) {
                throw corrupt("a sequence holds something other than items");
            }
            if (length == UNDEFINED && !fragments) {
                dataSet(UNDEFINED, explicitVr, bigEndian, depth);
            } else {
                fits(length);
                if (!fragments) {
                    dataSet(position + length, explicitVr, bigEndian, depth);
                } else {
                    skip(length);
                }
            }
        }
    }

    private void fits(long length) throws IntakeProblem {
        if (length > available - position) {
            if (inflating) {
                throw new IntakeProblem(ImageReadException.Problem.TOO_LARGE, "the file decompresses to more than "
                        + (available >> 20) + " MiB, far more than a chest radiograph. It is damaged or not an image.");
            }
            throw corrupt("an element claims " + length + " bytes but only " + Math.max(0, available - position)
                    + " follow");
        }
    }

    private static IntakeProblem corrupt(String what) {
        return new IntakeProblem(CORRUPT, "the file is damaged or incomplete: " + what + ". It was probably cut off "
                + "during transfer, or is corrupt; ask for it to be sent again.");
    }

    /** Reads a tag; at the top level a clean end of stream returns -1. */
    private int tag(boolean bigEndian, boolean endAllowed) throws IOException {
        if (endAllowed) {
            int first = in.read();
            if (first < 0) {
                return -1;
            }
            int second = in.readUnsignedByte();
            position += 2;
            int group = bigEndian ? (first << 8) | second : (second << 8) | first;
            return group << 16 | (int) u16(bigEndian);
        }
        return (int) (u16(bigEndian) << 16 | u16(bigEndian));
    }

    private static String dictionaryVr(int tag) {
        byte[] vr = AttributeList.getDictionary().getValueRepresentationFromTag(
                new AttributeTag(tag >>> 16, tag & 0xFFFF));
        return vr == null ? null : ValueRepresentation.getAsString(vr);
    }

    private long u16(boolean bigEndian) throws IOException {
        int a = in.readUnsignedByte();
        int b = in.readUnsignedByte();
        position += 2;
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    private long u32(boolean bigEndian) throws IOException {
        long first = u16(bigEndian);
        long second = u16(bigEndian);
        return bigEndian ? (first << 16) | second : (second << 16) | first;
    }

    private void skip(long n) throws IOException, IntakeProblem {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            // Only an inflating stream ends inside a skip (file skips were bounded by fits): the length is wrong.
            throw corrupt("an element claims " + n + " bytes but the data ends sooner");
        }
        position += n;
    }
}
