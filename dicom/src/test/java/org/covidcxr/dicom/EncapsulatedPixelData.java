package org.covidcxr.dicom;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;

/** Surgery on the encapsulated Pixel Data of an explicit VR little endian file, keeping every length consistent. */
public final class EncapsulatedPixelData {
    /** (7FE0,0010) OB with undefined length. */
    private static final byte[] HEADER = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, -1, -1, -1, -1};

    private EncapsulatedPixelData() {
    }

    /** Where the first fragment after the basic offset table starts (its item tag), if the file is encapsulated. */
    public static Optional<Integer> firstFragment(byte[] file) {
        int at = DicomBytes.find(file, HEADER);
        if (at < 0) {
            return Optional.empty();
        }
        int offsetTable = at + HEADER.length;
        return Optional.of(offsetTable + 8 + DicomBytes.u32(file, offsetTable + 4));
    }

    /** The first fragment's bytes (for a single-frame JPEG file: the whole code stream, perhaps with a pad byte). */
    public static byte[] firstFragmentBytes(byte[] file) {
        int item = firstFragment(file).orElseThrow();
        return Arrays.copyOfRange(file, item + 8, item + 8 + DicomBytes.u32(file, item + 4));
    }

    /** The file with its first fragment cut to {@code keep} of its length (even), the rest unchanged. */
    public static byte[] shortenFirstFragment(byte[] file, double keep) {
        byte[] fragment = firstFragmentBytes(file);
        return withFirstFragment(file, Arrays.copyOf(fragment, (int) (fragment.length * keep) & ~1));
    }

    /** The file with its first fragment replaced (padded to even length), the rest unchanged. */
    public static byte[] withFirstFragment(byte[] file, byte[] fragment) {
        int item = firstFragment(file).orElseThrow();
        int length = DicomBytes.u32(file, item + 4);
        int padded = fragment.length + (fragment.length & 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length);
        out.write(file, 0, item + 4);
        out.writeBytes(DicomBytes.le32(padded));
        out.writeBytes(Arrays.copyOf(fragment, padded));
        out.write(file, item + 8 + length, file.length - item - 8 - length);
        return out.toByteArray();
    }
}
