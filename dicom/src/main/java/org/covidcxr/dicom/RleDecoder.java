package org.covidcxr.dicom;

import static org.covidcxr.dicom.ImageReadException.Problem.CORRUPT;

/**
 * DICOM RLE Lossless (PS3.5 Annex G), decoded here because PixelMed only offers it through its full-image path:
 * a 64-byte header of segment offsets, one PackBits segment per byte plane, most significant byte first.
 */
final class RleDecoder {
    private static final int HEADER_BYTES = 64;

    private RleDecoder() {
    }

    /** Decodes one frame into raw sample words, sample-interleaved (R,G,B,R,G,B… for colour). */
    static int[] decode(byte[] frame, PixelModule module) throws IntakeProblem {
        int samples = module.samplesPerPixel();
        int bytesPerSample = module.bytesPerSample();
        int segments = samples * bytesPerSample;
        if (frame.length < HEADER_BYTES || uint32(frame, 0) != segments) {
            throw corrupt("its RLE header does not match " + samples + " sample(s) of " + module.bitsAllocated()
                    + " bits");
        }
        int pixels = Math.toIntExact(module.pixelsPerFrame());
        int[] out = new int[pixels * samples];
        byte[] plane = new byte[pixels];
        for (int segment = 0; segment < segments; segment++) {
            long start = uint32(frame, 4 + 4 * segment);
            long end = segment + 1 < segments ? uint32(frame, 8 + 4 * segment) : frame.length;
            if (start < HEADER_BYTES || end > frame.length || start > end) {
                throw corrupt("its RLE segment offsets point outside the data");
            }
            unpackBits(frame, (int) start, (int) end, plane);
            int sample = segment / bytesPerSample;
            int shift = 8 * (bytesPerSample - 1 - segment % bytesPerSample);
            for (int p = 0, o = sample; p < pixels; p++, o += samples) {
                out[o] |= (plane[p] & 0xFF) << shift;
            }
        }
        return out;
    }

    /** PackBits (PS3.5 G.3.1): n ≥ 0 copies n+1 literal bytes, −127 ≤ n ≤ −1 repeats the next byte 1−n times. */
    private static void unpackBits(byte[] in, int from, int to, byte[] out) throws IntakeProblem {
        int o = 0;
        int i = from;
        while (o < out.length && i < to) {
            int n = in[i++];
            if (n >= 0) {
                int count = Math.min(n + 1, Math.min(out.length - o, to - i));
                System.arraycopy(in, i, out, o, count);
                i += n + 1;
                o += count;
            } else if (n != -128) {
                if (i >= to) {
                    break;
                }
                int count = Math.min(1 - n, out.length - o);
                java.util.Arrays.fill(out, o, o + count, in[i++]);
                o += count;
            }
        }
        if (o < out.length) {
            throw corrupt("an RLE segment is shorter than the image");
        }
    }

    private static long uint32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static IntakeProblem corrupt(String what) {
        return new IntakeProblem(CORRUPT, "the compressed image cannot be decoded: " + what
                + ". The file is damaged; ask for it to be sent again.");
    }
}
