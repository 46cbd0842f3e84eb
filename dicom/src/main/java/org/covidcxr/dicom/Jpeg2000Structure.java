package org.covidcxr.dicom;

import static org.covidcxr.dicom.ImageReadException.Problem.CORRUPT;
import static org.covidcxr.dicom.ImageReadException.Problem.TRUNCATED;

import java.util.Arrays;

/**
 * Checks a JPEG 2000 code stream's framing before it is decoded (ITU-T T.800 A.4): the main header's marker segments,
 * then each tile-part's declared length (Psot) leading exactly to the next tile-part or to the EOC marker that ends the
 * stream. jj2000 is built to tolerate damage: a stream cut short or missing bytes in its middle decodes, without a
 * word, to a blurred or wrong picture (or it prints a stack trace and throws ThreadDeath). Framing catches both.
 * Reads from the same headers what the stream holds beyond the picture: the sign of its samples and its resolution
 * levels.
 */
final class Jpeg2000Structure {
    private static final int SOC = 0xFF4F;
    private static final int SOT = 0xFF90;
    private static final int EOC = 0xFFD9;
    private static final int SIZ = 0xFF51;
    private static final int COD = 0xFF52;
    private static final int COC = 0xFF53;
    private static final int SOD = 0xFF93;
    /** SOC, SIZ marker, Lsiz, Rsiz, Xsiz, Ysiz: then XOsiz, the image's left edge on the reference grid, and YOsiz. */
    private static final int SIZ_XOSIZ = 2 + 2 + 2 + 2 + 2 * 4;
    /** SOC, SIZ marker, Lsiz, Rsiz, eight 32-bit sizes and offsets: then Csiz, the number of components. */
    private static final int SIZ_CSIZ = 2 + 2 + 2 + 2 + 8 * 4;
    /** Csiz, then the first component's Ssiz. */
    private static final int SIZ_FIRST_SSIZ = SIZ_CSIZ + 2;
    /** A COD segment's marker, Lcod, Scod, SGcod (progression order, layers, colour transform): then SPcod's levels. */
    private static final int COD_LEVELS = 2 + 2 + 1 + 4;

    private Jpeg2000Structure() {
    }

    static void check(byte[] stream) throws IntakeProblem {
        int end = end(stream);
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

    /** Where the stream ends: a fragment is padded to even length. */
    private static int end(byte[] stream) {
        return stream.length > 0 && stream[stream.length - 1] == 0 ? stream.length - 1 : stream.length;
    }

    /**
     * The resolution level of the stream for analysis: the smallest whose sides are both at least {@code minSide}
     * pixels, when that is smaller than the {@code columns x rows} image the header declares; else the full image.
     * Each wavelet decomposition level left out halves the image, rounding up on the reference grid (ISO 15444-1
     * B.5). Call after {@link #check}: it relies on the framing being sound.
     */
    static ResolutionLevel analysisLevel(byte[] stream, int columns, int rows, int minSide) throws IntakeProblem {
        int levels = decompositionLevels(stream);
        long x0 = u32(stream, SIZ_XOSIZ);
        long y0 = u32(stream, SIZ_XOSIZ + 4);
        for (int discarded = levels; discarded > 0; discarded--) {
            int w = reducedSide(x0, columns, discarded);
            int h = reducedSide(y0, rows, discarded);
            if (w >= minSide && h >= minSide) {
                return new ResolutionLevel(discarded, levels - discarded, w, h);
            }
        }
        return ResolutionLevel.full(columns, rows);
    }

    /** A side of {@code size} pixels from {@code origin} on the reference grid, {@code discarded} levels left out. */
    private static int reducedSide(long origin, int size, int discarded) {
        long step = 1L << discarded;
        return (int) (ceilDiv(origin + size, step) - ceilDiv(origin, step));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /**
     * The wavelet decomposition levels that every component has: the main header's COD, or a component's own COC,
     * the fewest of them. A tile-part header may state its own (and jai-imageio then counts levels from the fewest of
     * any tile): such a stream, which no DICOM encoder we know writes, has no reduced level here (0).
     */
    private static int decompositionLevels(byte[] stream) throws IntakeProblem {
        int components = u16(stream, SIZ_CSIZ);
        if (components == 0) {
            throw damaged("its image size segment (SIZ) declares no component");
        }
        int[] levels = new int[components];
        Arrays.fill(levels, -1);
        int defaultLevels = 0;
        int at = 2;
        while (u16(stream, at) != SOT) {
            int marker = u16(stream, at);
            if (marker == COD) {
                defaultLevels = stream[at + COD_LEVELS] & 0xFF;
            } else if (marker == COC) {
                // Ccoc is one byte below 257 components, two from there (A.6.2); then Scoc, then SPcoc's levels.
                boolean wide = components >= 257;
                int component = wide ? u16(stream, at + 4) : stream[at + 4] & 0xFF;
                if (component >= components) {
                    throw damaged("a coding style names component " + component + " of " + components);
                }
                levels[component] = stream[at + 4 + (wide ? 2 : 1) + 1] & 0xFF;
            }
            at += 2 + u16(stream, at + 2);
        }
        int eoc = end(stream) - 2;
        while (at < eoc) {
            long length = u32(stream, at + 6);
            for (int m = at + 12; ; m += 2 + u16(stream, m + 2)) {
                if (m + 4 > eoc) {
                    throw damaged("a tile-part header does not end");
                }
                int marker = u16(stream, m);
                if (marker == SOD) {
                    break;
                }
                if (marker == COD || marker == COC) {
                    return 0;
                }
            }
            if (length == 0) {
                break; // the last tile-part runs to the EOC marker
            }
            at += (int) length;
        }
        int fewest = Integer.MAX_VALUE;
        for (int l : levels) {
            fewest = Math.min(fewest, l < 0 ? defaultLevels : l);
        }
        return fewest;
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
