package org.covidcxr.dicom;

import java.util.Arrays;

/**
 * One JPEG Huffman table (ISO 10918-1 Annex C, F.2.2.3), built and validated as IJG libjpeg's
 * {@code jpeg_make_d_derived_tbl} does, plus a lookup of every code up to {@link #LOOKAHEAD} bits.
 */
final class JpegHuffmanTable {
    static final int LOOKAHEAD = 9;

    /** Indexed by the next LOOKAHEAD bits: code length << 8 | symbol, or 0 where the code is longer (or invalid). */
    final int[] lookup = new int[1 << LOOKAHEAD];
    /**
     * For AC coefficients, indexed the same way where a code and its value bits both fit the lookahead: the value
     * << 8 | zero run << 4 | code and value length; else 0. Saves the second look at the bits for most coefficients.
     */
    final int[] fastAc = new int[1 << LOOKAHEAD];
    /** Per code length: the largest code of that length, -1 when there is none. */
    final int[] maxCode = new int[17];
    /** Per code length: index into {@link #symbols} of its first code, minus that code. */
    final int[] valueOffset = new int[17];
    final int[] symbols;

    /**
     * @param counts  counts[l - 1] codes of length l, l = 1..16
     * @param symbols the symbols in code order, as many as the counts add up to
     * @throws IllegalArgumentException when the counts do not form a valid code (too many, or an all-ones code)
     */
    JpegHuffmanTable(int[] counts, int[] symbols) {
        this.symbols = symbols;
        int code = 0;
        int p = 0;
        for (int length = 1; length <= 16; length++) {
            int n = counts[length - 1];
            // No code may be all ones (F.1.2.1.1), so the codes of each length must fit it with one to spare.
            if (code + n >= 1 << length) {
                throw new IllegalArgumentException("Huffman code lengths do not form a valid code");
            }
            if (n == 0) {
                maxCode[length] = -1;
            } else {
                valueOffset[length] = p - code;
                for (int i = 0; i < n; i++, p++, code++) {
                    if (length <= LOOKAHEAD) {
                        int shift = LOOKAHEAD - length;
                        Arrays.fill(lookup, code << shift, (code + 1) << shift, length << 8 | symbols[p]);
                        addFastAc(code, length, symbols[p]);
                    }
                }
                maxCode[length] = code - 1;
            }
            code <<= 1;
        }
    }

    private void addFastAc(int code, int length, int symbol) {
        int size = symbol & 15;
        int total = length + size;
        if (size == 0 || total > LOOKAHEAD) {
            return;
        }
        for (int bits = 0; bits < 1 << size; bits++) {
            int value = bits < 1 << (size - 1) ? bits - (1 << size) + 1 : bits;
            int index = (code << size | bits) << (LOOKAHEAD - total);
            Arrays.fill(fastAc, index, index + (1 << (LOOKAHEAD - total)),
                    value << 8 | (symbol >> 4) << 4 | total);
        }
    }

    int largestSymbol() {
        int max = 0;
        for (int s : symbols) {
            max = Math.max(max, s);
        }
        return max;
    }
}
