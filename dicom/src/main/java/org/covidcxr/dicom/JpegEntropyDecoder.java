package org.covidcxr.dicom;

import static org.covidcxr.dicom.JpegDecoder.corrupt;
import static org.covidcxr.dicom.JpegDecoder.truncated;

/**
 * The Huffman-coded data of one sequential scan (ISO 10918-1 F.2.2) → each block's quantised coefficients, as IJG
 * libjpeg's jdhuff.c decodes them, including the DC value kept as libjpeg's 16-bit coefficient. Where libjpeg pads
 * missing bits with zeros and warns, this refuses: reading past the data or into a marker, a code no table holds, a
 * block of more than 64 coefficients, a missing or misnumbered restart marker, stray bytes before a marker.
 */
final class JpegEntropyDecoder {
    private final byte[] data;
    private final JpegHuffmanTable dc;
    private final JpegHuffmanTable ac;
    private int pos;
    // Unread bits left-aligned in cache; cacheBits of them came from the data, the rest are zeros.
    private long cache;
    private int cacheBits;
    private int lastDc;

    /** @param start where the scan's data begins, just after its header */
    JpegEntropyDecoder(byte[] data, int start, JpegHuffmanTable dc, JpegHuffmanTable ac) {
        this.data = data;
        this.pos = start;
        this.dc = dc;
        this.ac = ac;
    }

    /**
     * One block's coefficients (F.2.2.1, F.2.2.2), in natural order, into a zeroed array; returns the zig-zag index
     * of the last one (0: the block holds its DC value only).
     */
    int decodeBlock(int[] coef) throws IntakeProblem {
        if (cacheBits < 32) {
            fill();
        }
        int size = decodeSymbol(dc);
        lastDc += size == 0 ? 0 : receiveExtend(size);
        coef[0] = (short) lastDc; // libjpeg stores the DC value in a 16-bit coefficient
        int last = 0;
        for (int k = 1; k < 64; k++) {
            if (cacheBits < 32) {
                fill();
            }
            int fast = ac.fastAc[(int) (cache >>> (64 - JpegHuffmanTable.LOOKAHEAD))];
            int value;
            if (fast != 0) {
                int length = fast & 15;
                if (length > cacheBits) {
                    throw endedEarly();
                }
                cache <<= length;
                cacheBits -= length;
                k += (fast >> 4) & 15;
                value = fast >> 8;
            } else {
                int rs = decodeSymbol(ac);
                int run = rs >> 4;
                size = rs & 15;
                if (size == 0) {
                    if (run != 15) {
                        break; // end of block
                    }
                    k += 15;
                    continue;
                }
                k += run;
                value = receiveExtend(size);
            }
            if (k > 63) {
                throw corrupt("a block holds more than 64 coefficients");
            }
            coef[JpegDecoder.NATURAL_ORDER[k]] = value;
            last = k;
        }
        return last;
    }

    /** One lossless difference (H.1.2.2): category 16 is 32768 with no extra bits. */
    int decodeDifference() throws IntakeProblem {
        if (cacheBits < 32) {
            fill();
        }
        int size = decodeSymbol(dc);
        return size == 0 ? 0 : size == 16 ? 32768 : receiveExtend(size);
    }

    private int decodeSymbol(JpegHuffmanTable table) throws IntakeProblem {
        int entry = table.lookup[(int) (cache >>> (64 - JpegHuffmanTable.LOOKAHEAD))];
        int length = entry >> 8;
        int symbol = entry & 0xFF;
        if (entry == 0) {
            length = JpegHuffmanTable.LOOKAHEAD + 1;
            int code = (int) (cache >>> (64 - length));
            while (code > table.maxCode[length]) {
                if (++length > 16) {
                    throw cacheBits < 16 ? endedEarly() : corrupt("it holds an invalid Huffman code");
                }
                code = (int) (cache >>> (64 - length));
            }
            symbol = table.symbols[code + table.valueOffset[length]];
        }
        if (length > cacheBits) {
            throw endedEarly();
        }
        cache <<= length;
        cacheBits -= length;
        return symbol;
    }

    /** The next {@code size} bits as a signed magnitude (F.2.2.1 EXTEND). */
    private int receiveExtend(int size) throws IntakeProblem {
        if (size > cacheBits) {
            throw endedEarly();
        }
        int bits = (int) (cache >>> (64 - size));
        cache <<= size;
        cacheBits -= size;
        return bits < 1 << (size - 1) ? bits - (1 << size) + 1 : bits;
    }

    /** Loads whole bytes (FF 00 is a data FF) until 57 or more bits are held or a marker or the end is reached. */
    private void fill() {
        while (cacheBits <= 56 && pos < data.length) {
            int b = data[pos] & 0xFF;
            if (b == 0xFF) {
                if (pos + 1 >= data.length || data[pos + 1] != 0) {
                    return; // a marker: the segment's data ends here
                }
                pos++;
            }
            pos++;
            cache |= (long) b << (56 - cacheBits);
            cacheBits += 8;
        }
    }

    /** Ends a restart interval: its marker must follow (F.1.2.3), and DC prediction starts again from 0. */
    void restart(int expected) throws IntakeProblem {
        endSegment("before a restart marker");
        if (pos + 1 >= data.length) {
            throw truncated();
        }
        int marker = data[pos + 1] & 0xFF;
        for (pos += 2; marker == 0xFF && pos < data.length; pos++) { // fill bytes
            marker = data[pos] & 0xFF;
        }
        if (marker != 0xD0 + expected) {
            throw marker == 0xFF ? truncated() : corrupt("restart marker " + expected + " is missing");
        }
        lastDc = 0;
    }

    /** Ends the scan; returns where the marker after it (or the end of the data) is. */
    int finish() throws IntakeProblem {
        endSegment("after the picture data");
        return pos;
    }

    /** Ends an entropy-coded segment: only the last byte's padding bits may be left, and a marker must follow. */
    private void endSegment(String where) throws IntakeProblem {
        boolean markerNext = pos >= data.length
                || (data[pos] & 0xFF) == 0xFF && (pos + 1 >= data.length || data[pos + 1] != 0);
        if (cacheBits >= 8 || !markerNext) {
            throw corrupt("it holds stray data " + where);
        }
        cache = 0;
        cacheBits = 0;
    }

    private IntakeProblem endedEarly() {
        return pos + 1 >= data.length ? truncated() : corrupt("its picture data ends early, at a marker");
    }
}
