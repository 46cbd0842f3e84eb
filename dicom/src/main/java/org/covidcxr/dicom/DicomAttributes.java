package org.covidcxr.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

/**
 * Every attribute of a DICOM file before Pixel Data, as text, for the viewer's searchable metadata panel (UI-free).
 * Read through the same bounded header parser as image intake. Sequences are listed as a count of items followed by
 * their items' attributes, indented. Values are shown in full up to {@value #MAX_VALUE} characters.
 */
public final class DicomAttributes {
    static final int MAX_VALUE = 256;

    /**
     * @param tag   "(gggg,eeee)"
     * @param name  dictionary keyword, "Private" or "Unknown"
     * @param depth nesting level inside sequences, 0 at top level
     */
    public record Entry(String tag, String name, String vr, String value, int depth) {
    }

    private DicomAttributes() {
    }

    /** The file's attributes in tag order; a PNG or JPEG has none (empty list). */
    public static List<Entry> list(Path file) throws ImageReadException {
        Optional<AttributeList> header = header(file);
        if (header.isEmpty()) {
            return List.of();
        }
        try {
            return of(header.get());
        } catch (IntakeProblem p) {
            throw p.toImageReadException(file);
        }
    }

    /**
     * The file's attributes up to Pixel Data, parsed with intake's guards (lengths checked against the file, deflated
     * data sets inflated within a bound); empty for a PNG or JPEG.
     */
    public static Optional<AttributeList> header(Path file) throws ImageReadException {
        try {
            if (FileKind.of(file) != FileKind.DICOM) {
                return Optional.empty();
            }
            try (DicomHeader header = DicomHeader.open(file, Files.size(file), XrayImageReader.MAX_DECODED_BYTES)) {
                return Optional.of(header.attributes());
            }
        } catch (IntakeProblem p) {
            throw p.toImageReadException(file);
        } catch (IOException | DicomException | RuntimeException e) {
            throw cannotList(e).toImageReadException(file);
        }
    }

    /** The attributes of a header already parsed (by image intake); an empty list has none. */
    static List<Entry> of(AttributeList header) throws IntakeProblem {
        try {
            List<Entry> out = new ArrayList<>();
            add(header, 0, out);
            return out;
        } catch (RuntimeException e) {
            throw cannotList(e);
        }
    }

    private static IntakeProblem cannotList(Exception e) {
        // The parser's exception stays in the cause, for the log; its class name tells a user nothing.
        return new IntakeProblem(ImageReadException.Problem.CORRUPT, "its header cannot be read: the file is damaged "
                + "or not valid DICOM. Ask for it to be sent again.", e);
    }

    private static void add(AttributeList list, int depth, List<Entry> out) {
        DicomDictionary dictionary = AttributeList.getDictionary();
        for (Attribute a : list.values()) {
            AttributeTag tag = a.getTag();
            String name = tag.isPrivate() ? "Private" : dictionary.getNameFromTag(tag);
            String tagText = String.format(Locale.ROOT, "(%04X,%04X)", tag.getGroup(), tag.getElement());
            if (a instanceof SequenceAttribute seq) {
                out.add(new Entry(tagText, name == null ? "Unknown" : name, "SQ",
                        seq.getNumberOfItems() + (seq.getNumberOfItems() == 1 ? " item" : " items"), depth));
                // the iterator, not getItem(i): items are a linked list
                for (Iterator<SequenceItem> items = seq.iterator(); items.hasNext(); ) {
                    add(items.next().getAttributeList(), depth + 1, out);
                }
            } else {
                String value = a.getDelimitedStringValuesOrEmptyString();
                if (value.length() > MAX_VALUE) {
                    value = value.substring(0, MAX_VALUE) + "…";
                }
                out.add(new Entry(tagText, name == null ? "Unknown" : name, a.getVRAsString(), value, depth));
            }
        }
    }
}
