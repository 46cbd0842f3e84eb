package org.covidcxr.pacs.results;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The analysed image's DICOM header (everything before Pixel Data) and the identities the result objects refer to.
 *
 * @param header   the source's attributes, decoded per its Specific Character Set
 * @param studyUid the study both result objects join
 * @param instance the source image, which both result objects reference
 */
record SourceImage(AttributeList header, String studyUid, DicomInstance instance) {
    private static final String NOT_DICOM = "results can only be sent back to the PACS for images that came as DICOM";

    /**
     * @throws IllegalArgumentException when the file is not DICOM or lacks the UIDs a reference needs
     * @throws IOException              when it cannot be read
     */
    static SourceImage read(Path file) throws IOException {
        long size = Files.size(file);
        if (!looksLikeDicom(file)) {
            throw new IllegalArgumentException(NOT_DICOM + "; " + file.getFileName() + " is not a DICOM file");
        }
        AttributeList header = new LengthCheckedList(size);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            DicomInputStream dis = new DicomInputStream(in);
            header.read(dis, (list, tag, offset) -> tag.equals(TagFromName.PixelData));
        } catch (DicomException e) {
            throw new IOException("cannot read the DICOM header of " + file.getFileName() + ": " + e.getMessage(), e);
        }
        return new SourceImage(header, required(header, TagFromName.StudyInstanceUID, file), new DicomInstance(
                required(header, TagFromName.SOPClassUID, file), required(header, TagFromName.SOPInstanceUID, file),
                required(header, TagFromName.SeriesInstanceUID, file)));
    }

    /** Part 10 ("DICM" after the preamble), or a bare little-endian data set (group 0002 or 0008) as old CR exports. */
    private static boolean looksLikeDicom(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(132);
        }
        boolean part10 = head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C'
                && head[131] == 'M';
        boolean bareDataSet = head.length >= 8 && (head[0] == 0x02 || head[0] == 0x08) && head[1] == 0x00
                && (head[3] & 0xF0) == 0;
        return part10 || bareDataSet;
    }

    private static String required(AttributeList header, AttributeTag tag, Path file) {
        String value = Attribute.getSingleStringValueOrEmptyString(header, tag).trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(NOT_DICOM + " with a " + AttributeList.getDictionary()
                    .getNameFromTag(tag) + "; " + file.getFileName() + " has none");
        }
        return value;
    }

    /** Fails on a value longer than the file instead of allocating it: a corrupt length must not cost gigabytes. */
    private static final class LengthCheckedList extends AttributeList {
        private static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;
        private final long fileSize;

        LengthCheckedList(long fileSize) {
            this.fileSize = fileSize;
        }

        @Override
        protected void checkSanityOfValueLength(long vl, byte[] vr, AttributeTag tag, boolean recovering)
                throws DicomException {
            super.checkSanityOfValueLength(vl, vr, tag, recovering);
            if (vl != UNDEFINED_LENGTH && vl > fileSize) {
                throw new DicomException("attribute " + tag + " claims " + vl + " bytes, more than the file holds");
            }
        }
    }
}
