package org.covidcxr.dicom;

/**
 * Dequantisation, inverse DCT and range limiting of one 8 × 8 block exactly as IJG libjpeg 6b's "islow" method
 * (jidctint.c, the default of dcmtk and GDCM), so that lossy JPEG decodes to their values bit for bit: 13-bit fixed
 * point, two passes (columns, then rows) with PASS1_BITS extra bits between them (2 for 8-bit samples, 1 for 12-bit),
 * and its range-limit table. Intermediates are 64-bit as in dcmtk's libjpeg (INT32 is a long on 64-bit Linux); GDCM's
 * computes in 32 bits, which differs only where coefficients overflow them, as no encoder makes them from samples.
 */
final class IslowIdct {
    private static final int CONST_BITS = 13;
    private static final long FIX_0_298631336 = 2446;
    private static final long FIX_0_390180644 = 3196;
    private static final long FIX_0_541196100 = 4433;
    private static final long FIX_0_765366865 = 6270;
    private static final long FIX_0_899976223 = 7373;
    private static final long FIX_1_175875602 = 9633;
    private static final long FIX_1_501321110 = 12299;
    private static final long FIX_1_847759065 = 15137;
    private static final long FIX_1_961570560 = 16069;
    private static final long FIX_2_053119869 = 16819;
    private static final long FIX_2_562915447 = 20995;
    private static final long FIX_3_072711026 = 25172;

    private final int pass1Bits;
    private final int center;
    private final int maxSample;
    /** Shift that keeps the low precision + 2 bits as a signed number: libjpeg's range-limit table index. */
    private final int wrapShift;
    private final int[] workspace = new int[64];
    private final long[] transformed = new long[8];

    IslowIdct(int precision) {
        pass1Bits = precision == 8 ? 2 : 1; // libjpeg loses a bit of precision at 12 bits to avoid overflow
        center = 1 << (precision - 1);
        maxSample = (1 << precision) - 1;
        wrapShift = 32 - (precision + 2);
    }

    /**
     * @param coef  the block's quantised coefficients in natural (row-major) order
     * @param quant the quantisation table in natural order
     * @param out   receives the 64 samples, row-major
     */
    void transform(int[] coef, int[] quant, int[] out) {
        int[] ws = workspace;
        long[] t = transformed;
        int shift1 = CONST_BITS - pass1Bits;
        long round1 = 1L << (shift1 - 1);
        for (int c = 0; c < 8; c++) {
            if ((coef[8 + c] | coef[16 + c] | coef[24 + c] | coef[32 + c] | coef[40 + c] | coef[48 + c]
                    | coef[56 + c]) == 0) {
                int dc = coef[c] * quant[c] << pass1Bits; // what the full transform gives, in short
                for (int r = 0; r < 64; r += 8) {
                    ws[r + c] = dc;
                }
                continue;
            }
            // Dequantised in int, as libjpeg's DEQUANTIZE (an int product), then widened.
            transform1d(coef[c] * quant[c], coef[8 + c] * quant[8 + c], coef[16 + c] * quant[16 + c],
                    coef[24 + c] * quant[24 + c], coef[32 + c] * quant[32 + c], coef[40 + c] * quant[40 + c],
                    coef[48 + c] * quant[48 + c], coef[56 + c] * quant[56 + c]);
            for (int k = 0; k < 8; k++) {
                ws[8 * k + c] = (int) ((t[k] + round1) >> shift1);
            }
        }
        int shift2 = CONST_BITS + pass1Bits + 3;
        long round2 = 1L << (shift2 - 1);
        for (int r = 0; r < 64; r += 8) {
            if ((ws[r + 1] | ws[r + 2] | ws[r + 3] | ws[r + 4] | ws[r + 5] | ws[r + 6] | ws[r + 7]) == 0) {
                int v = flatRow(ws[r]);
                for (int c = 0; c < 8; c++) {
                    out[r + c] = v;
                }
                continue;
            }
            transform1d(ws[r], ws[r + 1], ws[r + 2], ws[r + 3], ws[r + 4], ws[r + 5], ws[r + 6], ws[r + 7]);
            for (int k = 0; k < 8; k++) {
                out[r + k] = rangeLimit((t[k] + round2) >> shift2);
            }
        }
    }

    /** The 8-point transform both passes share (jidctint.c's even and odd parts), scaled up by 2^CONST_BITS. */
    private void transform1d(long i0, long i1, long i2, long i3, long i4, long i5, long i6, long i7) {
        long z1 = (i2 + i6) * FIX_0_541196100;
        long tmp2 = z1 - i6 * FIX_1_847759065;
        long tmp3 = z1 + i2 * FIX_0_765366865;
        long tmp0 = (i0 + i4) << CONST_BITS;
        long tmp1 = (i0 - i4) << CONST_BITS;
        long tmp10 = tmp0 + tmp3;
        long tmp13 = tmp0 - tmp3;
        long tmp11 = tmp1 + tmp2;
        long tmp12 = tmp1 - tmp2;
        z1 = i7 + i1;
        long z2 = i5 + i3;
        long z3 = i7 + i3;
        long z4 = i5 + i1;
        long z5 = (z3 + z4) * FIX_1_175875602;
        tmp0 = i7 * FIX_0_298631336;
        tmp1 = i5 * FIX_2_053119869;
        tmp2 = i3 * FIX_3_072711026;
        tmp3 = i1 * FIX_1_501321110;
        z1 *= -FIX_0_899976223;
        z2 *= -FIX_2_562915447;
        z3 = z3 * -FIX_1_961570560 + z5;
        z4 = z4 * -FIX_0_390180644 + z5;
        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;
        long[] t = transformed;
        t[0] = tmp10 + tmp3;
        t[7] = tmp10 - tmp3;
        t[1] = tmp11 + tmp2;
        t[6] = tmp11 - tmp2;
        t[2] = tmp12 + tmp1;
        t[5] = tmp12 - tmp1;
        t[3] = tmp13 + tmp0;
        t[4] = tmp13 - tmp0;
    }

    /** The one sample value of a block whose only coefficient is DC: what {@link #transform} gives it, in short. */
    int dcOnly(int coef, int quant) {
        return flatRow(coef * quant << pass1Bits);
    }

    /** The sample value of a row whose first value after pass 1 is its only one (libjpeg's zero-row shortcut). */
    private int flatRow(int first) {
        return rangeLimit(((long) first + (1L << (pass1Bits + 2))) >> (pass1Bits + 3));
    }

    /**
     * libjpeg's post-IDCT range limit (jdmaster.c prepare_range_limit_table) as arithmetic: the table is indexed by
     * the value's low precision + 2 bits and answers that number, read as signed, plus CENTERJSAMPLE, clamped to the
     * sample range; so a wildly overflowing value wraps exactly as it does in libjpeg.
     */
    int rangeLimit(long descaled) {
        int wrapped = (int) descaled << wrapShift >> wrapShift;
        return Math.min(maxSample, Math.max(0, wrapped + center));
    }
}
