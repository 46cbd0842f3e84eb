package org.covidcxr.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the lookup tables and windows of the Modality LUT and VOI LUT modules (PS3.3 C.11.1, C.11.2). */
final class VoiAttributes {
    /** (0028,3000); not in PixelMed's TagFromName. */
    private static final AttributeTag MODALITY_LUT_SEQUENCE = new AttributeTag(0x0028, 0x3000);
    private VoiAttributes() {
    }

    /** The file's windows in order; pairs with a width below 1 (invalid per C.11.2.1.2) are skipped. */
    static List<Window> windows(AttributeList list) {
        double[] centers = doubles(list, TagFromName.WindowCenter);
        double[] widths = doubles(list, TagFromName.WindowWidth);
        String[] explanations = strings(list, TagFromName.WindowCenterWidthExplanation);
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i < Math.min(centers.length, widths.length); i++) {
            if (widths[i] >= 1 && Double.isFinite(centers[i]) && Double.isFinite(widths[i])) {
                windows.add(new Window(centers[i], widths[i], i < explanations.length ? explanations[i] : ""));
            }
        }
        return windows;
    }

    /** The first item of the VOI LUT Sequence, if any. */
    static Optional<VoiLut> voiLut(AttributeList list, boolean signed) {
        return firstLut(list, TagFromName.VOILUTSequence, signed)
                .map(t -> new VoiLut(t.firstMapped, t.bits, t.table, t.explanation));
    }

    /** The first item of the Modality LUT Sequence, if any; it replaces Rescale Slope/Intercept when present. */
    static Optional<LookupTable> modalityLut(AttributeList list, boolean signed) {
        return firstLut(list, MODALITY_LUT_SEQUENCE, signed);
    }

    /** A LUT Descriptor (first mapped value, bits per entry) with its data. */
    record LookupTable(int firstMapped, int bits, int[] table, String explanation) {
        float lookup(int value) {
            int index = Math.max(0, Math.min(table.length - 1, value - firstMapped));
            return table[index];
        }
    }

    private static Optional<LookupTable> firstLut(AttributeList list, AttributeTag sequenceTag, boolean signed) {
        if (!(list.get(sequenceTag) instanceof SequenceAttribute sequence) || sequence.getNumberOfItems() == 0) {
            return Optional.empty();
        }
        AttributeList item = sequence.getItem(0).getAttributeList();
        try {
            Attribute descriptor = item.get(TagFromName.LUTDescriptor);
            Attribute data = item.get(TagFromName.LUTData);
            if (descriptor == null || data == null || descriptor.getVM() < 3) {
                return Optional.empty();
            }
            int[] d = descriptor.getIntegerValues();
            int entries = d[0] == 0 ? 65536 : d[0] & 0xFFFF;
            // The first mapped value is US or SS following Pixel Representation (C.11.1.1.1).
            int firstMapped = signed ? (short) d[1] : d[1] & 0xFFFF;
            int bits = d[2];
            int[] table = lutData(data, entries, bits);
            if (table.length == 0 || bits < 1 || bits > 16) {
                return Optional.empty();
            }
            String explanation = Attribute.getSingleStringValueOrEmptyString(item, TagFromName.LUTExplanation);
            return Optional.of(new LookupTable(firstMapped, bits, table, explanation));
        } catch (DicomException e) {
            return Optional.empty();
        }
    }

    private static int[] lutData(Attribute data, int entries, int bits) throws DicomException {
        short[] words = data.getShortValues();
        int[] table;
        if (words != null && words.length == entries) {
            table = new int[entries];
            for (int i = 0; i < entries; i++) {
                table[i] = words[i] & 0xFFFF;
            }
        } else if (words != null && bits <= 8 && words.length * 2 >= entries) {
            // 8-bit entries packed two per 16-bit word, low byte first.
            table = new int[entries];
            for (int i = 0; i < entries; i++) {
                table[i] = (words[i / 2] >> (8 * (i % 2))) & 0xFF;
            }
        } else {
            return new int[0];
        }
        int mask = (1 << bits) - 1;
        for (int i = 0; i < table.length; i++) {
            table[i] &= mask;
        }
        return table;
    }

    private static double[] doubles(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        try {
            return a == null || a.getVM() == 0 ? new double[0] : a.getDoubleValues();
        } catch (DicomException | NumberFormatException e) {
            return new double[0];
        }
    }

    private static String[] strings(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        try {
            String[] values = a == null ? null : a.getStringValues();
            return values == null ? new String[0] : values;
        } catch (DicomException e) {
            return new String[0];
        }
    }
}
