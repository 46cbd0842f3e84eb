package org.covidcxr.dicom;

import static org.covidcxr.dicom.ImageReadException.Problem.CORRUPT;
import static org.covidcxr.dicom.ImageReadException.Problem.UNSUPPORTED_COMPRESSION;

import java.util.Arrays;

/**
 * JPEG-LS (ITU-T T.87 / ISO 14495-1) decoder, lossless and near-lossless, 2 to 16 bits, default or LSE-preset
 * coding parameters, components in separate scans (ILV none, what DICOM grey-scale uses). Written here because no
 * Java JPEG-LS decoder is published; the structure follows CharLS. Corrupt data ends in an {@link IntakeProblem}:
 * every read is bounded by the data, every Golomb code by LIMIT, and the output is sized from the already checked
 * DICOM header, never from the stream.
 */
final class JpegLsDecoder {
    private static final int[] J = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9,
        10, 11, 12, 13, 14, 15};
    private static final int CONTEXTS = 365;

    private final byte[] data;
    private final int columns;
    private final int rows;
    private final int components;
    private final int[] out;
    private int pos;
    private int precision;
    private int maxVal;
    private int t1;
    private int t2;
    private int t3;
    private int reset = 64;
    private boolean frameSeen;
    private int scansDone;

    // Per-scan state.
    private int near;
    private int range;
    private int qbpp;
    private int limit;
    private byte[] quantize;
    private final int[] a = new int[CONTEXTS];
    private final int[] b = new int[CONTEXTS];
    private final int[] c = new int[CONTEXTS];
    private final int[] n = new int[CONTEXTS];
    private final int[] runA = new int[2];
    private final int[] runN = new int[2];
    private final int[] runNn = new int[2];
    private int runIndex;

    // Bit reader: valid bits left-aligned in cache; bytes after 0xFF carry 7 bits (T.87 A.1 bit stuffing).
    private long cache;
    private int cacheBits;
    private boolean afterFf;
    private boolean atMarker;

    private JpegLsDecoder(byte[] data, PixelModule module) {
        this.data = data;
        this.columns = module.columns();
        this.rows = module.rows();
        this.components = module.samplesPerPixel();
        this.out = new int[Math.toIntExact(module.pixelsPerFrame()) * components];
    }

    /** Decodes one frame into sample values, pixel-interleaved for colour. */
    static int[] decode(byte[] frame, PixelModule module) throws IntakeProblem {
        JpegLsDecoder decoder = new JpegLsDecoder(frame, module);
        decoder.run();
        return decoder.out;
    }

    private void run() throws IntakeProblem {
        if (u8() != 0xFF || u8() != 0xD8) {
            throw corrupt("it does not start with a JPEG-LS start-of-image marker");
        }
        while (scansDone < components) {
            int marker = nextMarker();
            int length = u16();
            int end = pos + length - 2;
            if (length < 2 || end > data.length) {
                throw corrupt("a marker segment runs past the end of the data");
            }
            switch (marker) {
                case 0xF7 -> readFrameHeader();
                case 0xF8 -> readPresets();
                case 0xDA -> {
                    readScanHeader(end);
                    continue; // the scan data follows; pos is past it now
                }
                case 0xDD -> {
                    if (u16() != 0) {
                        throw unsupported("restart intervals");
                    }
                }
                case 0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF ->
                        throw corrupt("it holds a classic JPEG frame, not JPEG-LS");
                default -> {
                    // APPn, COM and the like: skipped.
                }
            }
            pos = end;
        }
    }

    private int nextMarker() throws IntakeProblem {
        if (u8() != 0xFF) {
            throw corrupt("a marker is missing where one was expected");
        }
        int marker = u8();
        while (marker == 0xFF) { // fill bytes
            marker = u8();
        }
        if (marker == 0xD9) {
            throw corrupt("the image ends before all of its components were decoded");
        }
        return marker;
    }

    private void readFrameHeader() throws IntakeProblem {
        precision = u8();
        int y = u16();
        int x = u16();
        int nf = u8();
        if (precision < 2 || precision > 16) {
            throw corrupt("its sample precision is " + precision + " bits");
        }
        if (x != columns || y != rows || nf != components) {
            throw corrupt("the compressed image is " + x + " x " + y + " with " + nf + " component(s) but the file "
                    + "says " + columns + " x " + rows + " with " + components);
        }
        frameSeen = true;
    }

    private void readPresets() throws IntakeProblem {
        int id = u8();
        if (id != 1) {
            throw unsupported("mapping tables or extended dimensions (LSE " + id + ")");
        }
        maxVal = u16();
        t1 = u16();
        t2 = u16();
        t3 = u16();
        int r = u16();
        reset = r == 0 ? 64 : r;
    }

    private void readScanHeader(int headerEnd) throws IntakeProblem {
        if (!frameSeen) {
            throw corrupt("a scan comes before the frame header");
        }
        int ns = u8();
        pos += 2 * ns; // component ids and mapping table selectors: one component per scan, no mapping tables
        near = u8();
        int interleave = u8();
        int pointTransform = u8() & 0x0F;
        if (ns != 1 || interleave != 0) {
            throw unsupported("interleaved colour components");
        }
        if (pointTransform != 0) {
            throw unsupported("a point transform");
        }
        pos = headerEnd;
        setUpScan();
        decodeScan(scansDone++);
        if (scansDone < components) {
            skipToMarker(); // past the padding bits, to the next component's scan
        }
    }

    /** Coding parameters (T.87 A.2, C.2.4.1.1): the defaults fill in whatever an LSE segment left zero. */
    private void setUpScan() throws IntakeProblem {
        int defaultMax = (1 << precision) - 1;
        int max = maxVal == 0 ? defaultMax : maxVal;
        if (max > 65535 || max < 1 || near > Math.min(255, max / 2)) {
            throw corrupt("its coding parameters are out of range (MAXVAL " + max + ", NEAR " + near + ")");
        }
        range = (max + 2 * near) / (2 * near + 1) + 1;
        qbpp = 32 - Integer.numberOfLeadingZeros(range - 1);
        int bpp = Math.max(2, 32 - Integer.numberOfLeadingZeros(max));
        limit = 2 * (bpp + Math.max(8, bpp));
        int d1;
        int d2;
        int d3;
        if (max >= 128) {
            int factor = (Math.min(max, 4095) + 128) / 256;
            d1 = clamp(factor * (3 - 2) + 2 + 3 * near, near + 1, max);
            d2 = clamp(factor * (7 - 3) + 3 + 5 * near, d1, max);
            d3 = clamp(factor * (21 - 4) + 4 + 7 * near, d2, max);
        } else {
            int factor = 256 / (max + 1);
            d1 = clamp(Math.max(2, 3 / factor + 3 * near), near + 1, max);
            d2 = clamp(Math.max(3, 7 / factor + 5 * near), d1, max);
            d3 = clamp(Math.max(4, 21 / factor + 7 * near), d2, max);
        }
        int q1 = t1 == 0 ? d1 : t1;
        int q2 = t2 == 0 ? d2 : t2;
        int q3 = t3 == 0 ? d3 : t3;
        if (q1 < near + 1 || q2 < q1 || q3 < q2 || q3 > max) {
            throw corrupt("its thresholds are inconsistent");
        }
        maxVal = max;
        quantize = new byte[2 * max + 1];
        for (int d = -max; d <= max; d++) {
            quantize[d + max] = (byte) (d <= -q3 ? -4 : d <= -q2 ? -3 : d <= -q1 ? -2 : d < -near ? -1
                    : d <= near ? 0 : d < q1 ? 1 : d < q2 ? 2 : d < q3 ? 3 : 4);
        }
        int initialA = Math.max(2, (range + 32) / 64);
        Arrays.fill(a, initialA);
        Arrays.fill(b, 0);
        Arrays.fill(c, 0);
        Arrays.fill(n, 1);
        Arrays.fill(runA, initialA);
        Arrays.fill(runN, 1);
        Arrays.fill(runNn, 0);
        runIndex = 0;
        cache = 0;
        cacheBits = 0;
        afterFf = false;
        atMarker = false;
    }

    private static int clamp(int value, int low, int max) {
        return value > max || value < low ? low : value;
    }

    /** One component's scan; lines carry one extra sample each side for the edge neighbours (T.87 A.2.1). */
    private void decodeScan(int component) throws IntakeProblem {
        int w = columns;
        int[] prev = new int[w + 2];
        int[] cur = new int[w + 2];
        int offset = maxVal;
        for (int y = 0; y < rows; y++) {
            prev[w + 1] = prev[w];
            cur[0] = prev[1];
            int x = 0;
            while (x < w) {
                int ra = cur[x];
                int rb = prev[x + 1];
                int rc = prev[x];
                int rd = prev[x + 2];
                int q = 81 * quantize[rd - rb + offset] + 9 * quantize[rb - rc + offset] + quantize[rc - ra + offset];
                if (q == 0) {
                    x += runMode(x, cur, prev);
                } else {
                    cur[x + 1] = regular(q, ra, rb, rc);
                    x++;
                }
            }
            for (int i = 0, o = y * w * components + component; i < w; i++, o += components) {
                out[o] = cur[i + 1];
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
    }

    /** Regular mode (T.87 A.3 to A.6). */
    private int regular(int qSigned, int ra, int rb, int rc) throws IntakeProblem {
        int sign = qSigned < 0 ? -1 : 1;
        int q = qSigned < 0 ? -qSigned : qSigned;
        int px;
        if (rc >= Math.max(ra, rb)) {
            px = Math.min(ra, rb);
        } else if (rc <= Math.min(ra, rb)) {
            px = Math.max(ra, rb);
        } else {
            px = ra + rb - rc;
        }
        px += sign * c[q];
        px = px < 0 ? 0 : px > maxVal ? maxVal : px;
        int k = 0;
        while ((n[q] << k) < a[q] && k < 24) {
            k++;
        }
        int mapped = golomb(k, limit);
        int err = (mapped & 1) != 0 ? -((mapped + 1) >> 1) : mapped >> 1;
        if (k == 0 && near == 0 && 2 * b[q] + n[q] - 1 < 0) {
            err = ~err;
        }
        updateRegular(q, err);
        return reconstruct(px, sign * err);
    }

    private void updateRegular(int q, int err) {
        int bq = b[q] + err * (2 * near + 1);
        int aq = a[q] + Math.abs(err);
        int nq = n[q];
        if (nq == reset) {
            aq >>= 1;
            bq >>= 1;
            nq >>= 1;
        }
        nq++;
        if (bq + nq <= 0) {
            bq += nq;
            if (bq <= -nq) {
                bq = -nq + 1;
            }
            if (c[q] > -128) {
                c[q]--;
            }
        } else if (bq > 0) {
            bq -= nq;
            if (bq > 0) {
                bq = 0;
            }
            if (c[q] < 127) {
                c[q]++;
            }
        }
        a[q] = aq;
        b[q] = bq;
        n[q] = nq;
    }

    private int reconstruct(int px, int err) {
        int value = px + err * (2 * near + 1);
        if (value < -near) {
            value += range * (2 * near + 1);
        } else if (value > maxVal + near) {
            value -= range * (2 * near + 1);
        }
        return value < 0 ? 0 : value > maxVal ? maxVal : value;
    }

    /** Run mode (T.87 A.7): a run of the left neighbour's value, then an interruption sample unless the line ends. */
    private int runMode(int start, int[] cur, int[] prev) throws IntakeProblem {
        int ra = cur[start];
        int left = columns - start;
        int count = 0;
        while (readBits(1) == 1) {
            int step = Math.min(1 << J[runIndex], left - count);
            count += step;
            if (step == 1 << J[runIndex] && runIndex < 31) {
                runIndex++;
            }
            if (count == left) {
                break;
            }
        }
        if (count != left) {
            count += J[runIndex] > 0 ? readBits(J[runIndex]) : 0;
        }
        if (count > left) {
            throw corrupt("a run is longer than its line");
        }
        Arrays.fill(cur, start + 1, start + 1 + count, ra);
        if (count == left) {
            return count;
        }
        int x = start + count;
        int rb = prev[x + 1];
        int value;
        if (Math.abs(ra - rb) <= near) {
            value = reconstruct(ra, interruptionError(1));
        } else {
            value = reconstruct(rb, interruptionError(0) * (rb - ra < 0 ? -1 : 1));
        }
        cur[x + 1] = value;
        if (runIndex > 0) {
            runIndex--;
        }
        return count + 1;
    }

    private int interruptionError(int type) throws IntakeProblem {
        int temp = runA[type] + (runN[type] >> 1) * type;
        int k = 0;
        while ((runN[type] << k) < temp && k < 24) {
            k++;
        }
        int coded = golomb(k, limit - J[runIndex] - 1);
        int mapped = coded + type;
        int map = mapped & 1;
        int abs = (mapped + map) >> 1;
        int err = ((k != 0 || 2 * runNn[type] >= runN[type]) == (map != 0)) ? -abs : abs;
        if (err < 0) {
            runNn[type]++;
        }
        runA[type] += (coded + 1 - type) >> 1;
        if (runN[type] == reset) {
            runA[type] >>= 1;
            runN[type] >>= 1;
            runNn[type] >>= 1;
        }
        runN[type]++;
        return err;
    }

    /** Limited-length Golomb code (T.87 A.5.3): unary high bits, then k low bits or, escaped, qbpp bits. */
    private int golomb(int k, int codeLimit) throws IntakeProblem {
        int escape = codeLimit - qbpp - 1;
        int high = unary(escape);
        if (high == escape) {
            return readBits(qbpp) + 1;
        }
        return k == 0 ? high : (high << k) + readBits(k);
    }

    // ---- bit reader ----

    private void fill() {
        while (cacheBits <= 56 && !atMarker && pos < data.length) {
            int v = data[pos] & 0xFF;
            if (v == 0xFF && (pos + 1 >= data.length || (data[pos + 1] & 0xFF) >= 0x80)) {
                atMarker = true; // the scan's data ended; pos stays on the marker
                return;
            }
            int bits = afterFf ? 7 : 8;
            cache |= (long) v << (64 - bits - cacheBits);
            cacheBits += bits;
            afterFf = v == 0xFF;
            pos++;
        }
    }

    private int readBits(int count) throws IntakeProblem {
        if (cacheBits < count) {
            fill();
            if (cacheBits < count) {
                throw corrupt("the compressed data ends early");
            }
        }
        int value = (int) (cache >>> (64 - count));
        cache <<= count;
        cacheBits -= count;
        return value;
    }

    /** Zero bits before the next one bit, at most {@code max} (more is corrupt). */
    private int unary(int max) throws IntakeProblem {
        int zeros = 0;
        while (true) {
            if (cacheBits == 0 || cache == 0) {
                zeros += cacheBits;
                cache = 0;
                cacheBits = 0;
                if (zeros > max) {
                    throw corrupt("a code is longer than the limit");
                }
                fill();
                if (cacheBits == 0) {
                    throw corrupt("the compressed data ends early");
                }
                continue;
            }
            int z = Long.numberOfLeadingZeros(cache);
            zeros += z;
            if (zeros > max) {
                throw corrupt("a code is longer than the limit");
            }
            cache <<= z + 1;
            cacheBits -= z + 1;
            return zeros;
        }
    }

    /** After a scan: drop the padding bits and find the marker that follows. */
    private void skipToMarker() throws IntakeProblem {
        cache = 0;
        cacheBits = 0;
        if (!atMarker) {
            while (pos + 1 < data.length && !((data[pos] & 0xFF) == 0xFF && (data[pos + 1] & 0xFF) >= 0x80)) {
                pos++;
            }
            if (pos + 1 >= data.length) {
                throw corrupt("the scan is not followed by a marker");
            }
        }
    }

    // ---- header bytes ----

    private int u8() throws IntakeProblem {
        if (pos >= data.length) {
            throw corrupt("the compressed data ends early");
        }
        return data[pos++] & 0xFF;
    }

    private int u16() throws IntakeProblem {
        return u8() << 8 | u8();
    }

    private static IntakeProblem corrupt(String what) {
        return new IntakeProblem(CORRUPT, "the JPEG-LS image cannot be decoded: " + what
                + ". The file is damaged; ask for it to be sent again.");
    }

    private static IntakeProblem unsupported(String feature) {
        return new IntakeProblem(UNSUPPORTED_COMPRESSION, "unsupported compression: JPEG-LS with " + feature
                + ". Ask the PACS or the modality to send the image uncompressed (Explicit VR Little Endian).");
    }
}
