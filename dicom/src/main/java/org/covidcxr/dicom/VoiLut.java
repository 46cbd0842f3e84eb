package org.covidcxr.dicom;

import java.util.Arrays;

/**
 * A VOI LUT from the file's VOI LUT Sequence (PS3.3 C.11.2): modality value {@code firstMapped + i} maps to
 * {@code table[i]}; values outside the table clamp to its first/last entry. Output range is 0..2^bitsPerEntry-1.
 */
public record VoiLut(int firstMapped, int bitsPerEntry, int[] table, String explanation) {
    public VoiLut {
        if (table.length == 0) {
            throw new IllegalArgumentException("VOI LUT has no entries");
        }
        table = table.clone();
        explanation = explanation == null ? "" : explanation;
    }

    public int lookup(double modalityValue) {
        long index = Math.round(modalityValue) - firstMapped;
        return table[(int) Math.max(0, Math.min(table.length - 1, index))];
    }

    public int maxOutput() {
        return (1 << bitsPerEntry) - 1;
    }

    @Override
    public int[] table() {
        return table.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VoiLut other && firstMapped == other.firstMapped && bitsPerEntry == other.bitsPerEntry
                && Arrays.equals(table, other.table) && explanation.equals(other.explanation);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(table) + firstMapped;
    }
}
