package org.covidcxr.dicom;

import java.io.ByteArrayOutputStream;

/** Byte-level edits of explicit VR little endian DICOM files, for damage that a DICOM toolkit would refuse to write. */
final class DicomBytes {
    static final int BITS_STORED = 0x00280101;
    static final int HIGH_BIT = 0x00280102;
    static final int PIXEL_REPRESENTATION = 0x00280103;
    static final int PATIENT_NAME = 0x00100010;
    /** Referenced Image Sequence: any sequence will do to carry the items. */
    private static final int A_SEQUENCE = 0x00081140;

    private DicomBytes() {
    }

    /** The file with the US value of {@code tag} (first occurrence, top level) set to {@code value}. */
    static byte[] setUs(byte[] file, int tag, int value) {
        int at = find(file, concat(tagBytes(tag), new byte[] {'U', 'S', 2, 0}));
        if (at < 0) {
            throw new IllegalArgumentException(String.format("no US element (%08X)", tag));
        }
        byte[] copy = file.clone();
        copy[at + 8] = (byte) value;
        copy[at + 9] = (byte) (value >> 8);
        return copy;
    }

    /** The file with a sequence of {@code items} empty items inserted just before the element {@code tag}. */
    static byte[] withSequenceBefore(byte[] file, int tag, int items) {
        int at = find(file, tagBytes(tag));
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length + 8 * items + 24);
        out.write(file, 0, at);
        out.writeBytes(tagBytes(A_SEQUENCE));
        out.writeBytes(new byte[] {'S', 'Q', 0, 0, -1, -1, -1, -1});
        byte[] emptyItem = {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, 0, 0, 0, 0};
        for (int i = 0; i < items; i++) {
            out.writeBytes(emptyItem);
        }
        out.writeBytes(new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xDD, (byte) 0xE0, 0, 0, 0, 0});
        out.write(file, at, file.length - at);
        return out.toByteArray();
    }

    static int find(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static int u32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    private static byte[] tagBytes(int tag) {
        return new byte[] {(byte) (tag >> 16), (byte) (tag >> 24), (byte) tag, (byte) (tag >> 8)};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
