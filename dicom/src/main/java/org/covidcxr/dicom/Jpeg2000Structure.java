package org.covidcxr.dicom;

import static org.covidcxr.dicom.ImageReadException.Problem.CORRUPT;
import static org.covidcxr.dicom.ImageReadException.Problem.TRUNCATED;

/**
 * Checks a JPEG 2000 code stream's framing before it is decoded (ITU-T T.800 A.4): the main header's marker segments,
 * then each tile-part's declared length (Psot) leading exactly to the next tile-part or to the EOC marker that ends the
 * stream. jj2000 is built to tolerate damage: a stream cut short or missing bytes in its middle decodes, without a
 * word, to a blurred or wrong picture (or it prints a stack trace and throws ThreadDeath). Framing catches both.
 */
final class Jpeg2000Structure {
    private static final int SOC = 0xFF4F;
    private static final int SOT = 0xFF90;
    private static final int EOC = 0xFFD9;
    private static final int SIZ = 0xFF51;
    /** SOC, SIZ marker, Lsiz, Rsiz, eight 32-bit sizes and offsets, Csiz: then the first component's Ssiz. */
    private static final int SIZ_FIRST_SSIZ = 2 + 2 + 2 + 2 + 8 * 4 + 2;

    private Jpeg2000Structure() {
    }

    static void check(byte[] stream) throws IntakeProblem {
        int end = stream.length;
        if (end > 0 && stream[end - 1] == 0) {
            end--; // a fragment is padded to even length
        }
        if (end < 4 || u16(stream, 0) != SOC) {
            throw damaged("it does not start like a JPEG 2000 code stream");
        }
        if (u16(stream, end - 2) != EOC) {
            throw cutOff();
        }
        int at = 2;
        while (u16(stream, at) != SOT) { // main header: marker segments, each with its own length
            at += 2 + u16(stream, at + 2);
            if (at + 4 > end - 2) {
                throw cutOff();
            }
        }
        int eoc = end - 2;
        while (at != eoc) {
            if (at + 12 > eoc || u16(stream, at) != SOT) {
                throw at > eoc ? cutOff() : damaged("a tile-part is not where the previous one says it ends");
            }
            long length = u32(stream, at + 6);
            if (length == 0) {
                return; // the last tile-part runs to the EOC marker
            }
            if (at + length > eoc) {
                throw cutOff();
            }
            at += (int) length;
        }
    }

    /**
     * Whether the code stream's first component holds signed samples (bit 7 of its Ssiz in the SIZ segment, which
     * follows SOC; ISO 15444-1 A.5.1). A header may say otherwise: the stream's samples are what the decoder returns.
     */
    static boolean signedSamples(byte[] stream) throws IntakeProblem {
        if (stream.length < SIZ_FIRST_SSIZ + 1 || u16(stream, 2) != SIZ) {
            throw damaged("its image size segment (SIZ) is not where the standard puts it");
        }
        return (stream[SIZ_FIRST_SSIZ] & 0x80) != 0;
    }

    private static IntakeProblem cutOff() {
        return new IntakeProblem(TRUNCATED, "the compressed image ends before all of its picture data; part of the "
                + "picture would be missing. It was probably cut off during transfer or copying. Ask for it to be sent "
                + "again.");
    }

    private static IntakeProblem damaged(String what) {
        return new IntakeProblem(CORRUPT, "the compressed image is damaged (" + what + "), so part of the picture "
                + "would be wrong. Ask for it to be sent again.");
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return (long) u16(b, at) << 16 | u16(b, at + 2);
    }
}
