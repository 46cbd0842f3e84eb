package org.covidcxr.dicom;

import static org.covidcxr.dicom.ImageReadException.Problem.CORRUPT;
import static org.covidcxr.dicom.ImageReadException.Problem.TRUNCATED;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the first frame of the Pixel Data element from a stream positioned just after its tag (PS3.5 7.1 and A.4):
 * native samples (returned little-endian) or the fragments of one encapsulated frame. Every declared length is checked
 * against what the file can hold before anything is allocated.
 */
final class PixelDataReader {
    private static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;
    private static final int ITEM = 0xFFFEE000;
    private static final int SEQUENCE_DELIMITER = 0xFFFEE0DD;

    private final DataInputStream in;
    private final DicomTransferSyntax syntax;
    private final boolean explicitVr;
    private final long maxLength;
    /** Whether Pixel Data is encoded as 16-bit words (OW), which big endian stores byte-swapped whatever the bits. */
    private boolean words;

    /**
     * @param explicitVr whether the data set encodes VRs (every syntax but implicit little endian)
     * @param maxLength  the most bytes any length field may claim (the file size, or the decode limit when deflated)
     */
    PixelDataReader(InputStream in, DicomTransferSyntax syntax, boolean explicitVr, long maxLength) {
        this.in = new DataInputStream(in);
        this.syntax = syntax;
        this.explicitVr = explicitVr;
        this.maxLength = maxLength;
    }

    byte[] readFirstFrame(PixelModule module) throws IOException, IntakeProblem {
        try {
            long length = readElementLength();
            if (length == UNDEFINED_LENGTH) {
                if (!syntax.encapsulated()) {
                    throw new IntakeProblem(CORRUPT, "the image data is stored compressed although the file says it is "
                            + "uncompressed (" + syntax.displayName() + "). The file is damaged; ask for it to be sent again.");
                }
                return readEncapsulatedFrame(module.frames());
            }
            if (syntax.encapsulated()) {
                throw new IntakeProblem(CORRUPT, "the file says its image is compressed (" + syntax.displayName()
                        + ") but the image data is not. The file is damaged; ask for it to be sent again.");
            }
            return readNativeFrame(module, length);
        } catch (EOFException e) {
            throw new IntakeProblem(TRUNCATED, "the file ends in the middle of the image data; it was probably cut off "
                    + "during transfer or copying. Ask for it to be sent again.", e);
        }
    }

    private long readElementLength() throws IOException, IntakeProblem {
        if (!explicitVr) {
            words = true; // implicit VR: Pixel Data of native syntaxes is OW (PS3.5 A.1)
            return u32(syntax.encoding() == DicomTransferSyntax.Encoding.NATIVE_BE);
        }
        boolean bigEndian = syntax.encoding() == DicomTransferSyntax.Encoding.NATIVE_BE;
        byte[] vr = new byte[2];
        in.readFully(vr);
        String name = new String(vr, java.nio.charset.StandardCharsets.US_ASCII);
        if (!name.equals("OB") && !name.equals("OW") && !name.equals("UN")) {
            throw new IntakeProblem(CORRUPT, "the image data element is malformed (value representation '"
                    + name.replaceAll("[^ -~]", "?") + "'). The file is damaged; ask for it to be sent again.");
        }
        words = name.equals("OW");
        in.readFully(vr); // reserved
        return u32(bigEndian);
    }

    private byte[] readNativeFrame(PixelModule module, long length) throws IOException, IntakeProblem {
        long frameBytes = module.bytesPerFrame();
        if (length < frameBytes) {
            throw new IntakeProblem(CORRUPT, "the image data is " + length + " bytes long but a " + module.columns()
                    + " x " + module.rows() + " image needs " + frameBytes + ". The file is damaged; ask for it to be "
                    + "sent again.");
        }
        if (frameBytes > maxLength) {
            // The image cannot fit in the file, so it was cut short: say so without allocating the frame first.
            throw new EOFException();
        }
        byte[] frame = new byte[(int) frameBytes];
        in.readFully(frame);
        if (length > maxLength) {
            throw new IntakeProblem(CORRUPT, "the image data element claims " + length + " bytes, more than the "
                    + "file can hold. The file is damaged; ask for it to be sent again.");
        }
        // Big endian OW holds 16-bit words most significant byte first: 16-bit samples, and also 8-bit samples packed
        // two to a word, come out of the file byte-swapped. OB (8-bit data as dcmtk writes it) is a plain byte stream.
        if (syntax.encoding() == DicomTransferSyntax.Encoding.NATIVE_BE && (module.bitsAllocated() == 16 || words)) {
            for (int i = 0; i + 1 < frame.length; i += 2) {
                byte t = frame[i];
                frame[i] = frame[i + 1];
                frame[i + 1] = t;
            }
        }
        return frame;
    }

    /**
     * One frame's fragments (PS3.5 A.4): a single-frame image owns all fragments; in a multi-frame image the first
     * frame ends with the first fragment for RLE, or with the first fragment ending in a JPEG/JPEG 2000 end marker.
     */
    private byte[] readEncapsulatedFrame(int frames) throws IOException, IntakeProblem {
        long offsetTable = readItemLength(); // frame boundaries come from the fragments themselves
        if (offsetTable < 0) {
            throw new IntakeProblem(CORRUPT, "the compressed image data is empty. The file is damaged; ask for it to "
                    + "be sent again.");
        }
        in.skipNBytes(offsetTable);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        while (true) {
            long length = readItemLength();
            if (length < 0) {
                break;
            }
            if (frame.size() + length > maxLength) {
                throw new IntakeProblem(CORRUPT, "a compressed image fragment claims " + length + " bytes, more than "
                        + "the file holds. The file is damaged; ask for it to be sent again.");
            }
            byte[] fragment = new byte[(int) length];
            in.readFully(fragment);
            frame.write(fragment);
            if (frames > 1 && (syntax.encoding() == DicomTransferSyntax.Encoding.RLE
                    || syntax.encoding() == DicomTransferSyntax.Encoding.DEFLATED_FRAME || endsWithEndMarker(fragment))) {
                break;
            }
        }
        if (frame.size() == 0) {
            throw new IntakeProblem(CORRUPT, "the compressed image data is empty. The file is damaged; ask for it to "
                    + "be sent again.");
        }
        return frame.toByteArray();
    }

    /** Reads an item header; returns its length, or -1 at the sequence delimiter. */
    private long readItemLength() throws IOException, IntakeProblem {
        int tag = (int) ((u16(false) << 16) | u16(false));
        long length = u32(false);
        if (tag == SEQUENCE_DELIMITER) {
            return -1;
        }
        if (tag != ITEM || length == UNDEFINED_LENGTH || length > maxLength) {
            throw new IntakeProblem(CORRUPT, "the compressed image data is malformed (bad fragment header). The file "
                    + "is damaged; ask for it to be sent again.");
        }
        return length;
    }

    private static boolean endsWithEndMarker(byte[] fragment) {
        // Fragments are padded to even length, so the marker may sit one byte before the end.
        for (int i = fragment.length - 2; i >= Math.max(0, fragment.length - 3); i--) {
            if ((fragment[i] & 0xFF) == 0xFF && (fragment[i + 1] & 0xFF) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    private long u16(boolean bigEndian) throws IOException {
        int a = in.readUnsignedByte();
        int b = in.readUnsignedByte();
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    private long u32(boolean bigEndian) throws IOException {
        long lo = u16(bigEndian);
        long hi = u16(bigEndian);
        return bigEndian ? (lo << 16) | hi : (hi << 16) | lo;
    }
}
