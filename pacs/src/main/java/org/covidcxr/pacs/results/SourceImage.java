package org.covidcxr.pacs.results;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import org.covidcxr.dicom.DicomAttributes;
import org.covidcxr.dicom.ImageReadException;

/**
 * The analysed image's DICOM header (everything before Pixel Data, read with image intake's guards) and the identities
 * the result objects refer to.
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
        AttributeList header;
        try {
            header = DicomAttributes.header(file).orElseThrow(() -> new IllegalArgumentException(NOT_DICOM + "; "
                    + file.getFileName() + " is not a DICOM file"));
        } catch (ImageReadException e) {
            throw new IOException(e.getMessage(), e);
        }
        return new SourceImage(header, required(header, TagFromName.StudyInstanceUID, file), new DicomInstance(
                required(header, TagFromName.SOPClassUID, file), required(header, TagFromName.SOPInstanceUID, file),
                required(header, TagFromName.SeriesInstanceUID, file)));
    }

    private static String required(AttributeList header, AttributeTag tag, Path file) {
        String value = Attribute.getSingleStringValueOrEmptyString(header, tag).trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(NOT_DICOM + " with a " + AttributeList.getDictionary()
                    .getNameFromTag(tag) + "; " + file.getFileName() + " has none");
        }
        return value;
    }
}
