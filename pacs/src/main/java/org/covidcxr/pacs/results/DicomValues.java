package org.covidcxr.pacs.results;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Small helpers for building data sets. New text attributes carry no character set of their own, so PixelMed encodes
 * them as UTF-8, which is what every result object declares (ISO_IR 192).
 */
final class DicomValues {
    static final String UTF8 = "ISO_IR 192";
    private static final int LO_MAX = 64;
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xx");

    private DicomValues() {
    }

    /** Sets {@code tag} (its VR from the dictionary) to {@code values}; none gives an empty (Type 2) attribute. */
    static void put(AttributeList list, AttributeTag tag, String... values) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag);
        for (String v : values) {
            a.addValue(v);
        }
        list.put(a);
    }

    static void put(AttributeList list, AttributeTag tag, int value) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag);
        a.addValue(value);
        list.put(a);
    }

    /**
     * {@code text} cut to the 64 characters a Long String (LO) holds, marked as cut with ASCII dots (validators count
     * bytes, and an ellipsis is three in UTF-8).
     */
    static String longString(String text) {
        return text.length() <= LO_MAX ? text : text.substring(0, LO_MAX - 3) + "...";
    }

    /** A sequence of {@code items}; none gives an empty (Type 2) sequence. */
    static void putSequence(AttributeList list, AttributeTag tag, List<AttributeList> items) {
        SequenceAttribute seq = new SequenceAttribute(tag);
        items.forEach(seq::addItem);
        list.put(seq);
    }

    static void putCode(AttributeList list, AttributeTag tag, CodedSequenceItem code) {
        CodedSequenceItem.putSingleCodedSequenceAttribute(list, tag, code);
    }

    static String date(ZonedDateTime t) {
        return DA.format(t);
    }

    static String time(ZonedDateTime t) {
        return TM.format(t);
    }

    /** Timezone Offset From UTC, "+HHMM". */
    static String offset(ZonedDateTime t) {
        return OFFSET.format(t);
    }
}
