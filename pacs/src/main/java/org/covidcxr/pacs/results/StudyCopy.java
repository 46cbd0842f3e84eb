package org.covidcxr.pacs.results;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.util.List;

/**
 * Copies the patient and study attributes from the source into a result object, so that the PACS files it in the
 * same study. Values are copied as decoded text (not as attributes) so that they are re-encoded in the result's
 * character set, whatever the source used.
 */
final class StudyCopy {
    /** Type 2 in the Patient and General Study modules: present, empty when the source lacks them. */
    private static final List<AttributeTag> ALWAYS = List.of(TagFromName.PatientName, TagFromName.PatientID,
            TagFromName.PatientBirthDate, TagFromName.PatientSex, TagFromName.StudyDate, TagFromName.StudyTime,
            TagFromName.ReferringPhysicianName, TagFromName.StudyID, TagFromName.AccessionNumber);
    /** Type 3: copied only where the source has them. */
    private static final List<AttributeTag> IF_PRESENT = List.of(TagFromName.IssuerOfPatientID,
            TagFromName.StudyDescription);

    private StudyCopy() {
    }

    static void copy(SourceImage source, AttributeList target) throws DicomException {
        DicomValues.put(target, TagFromName.StudyInstanceUID, source.studyUid());
        for (AttributeTag tag : ALWAYS) {
            DicomValues.put(target, tag, values(source.header(), tag));
        }
        for (AttributeTag tag : IF_PRESENT) {
            String[] values = values(source.header(), tag);
            if (values.length > 0) {
                DicomValues.put(target, tag, values);
            }
        }
    }

    private static String[] values(AttributeList header, AttributeTag tag) throws DicomException {
        Attribute a = header.get(tag);
        String[] values = a == null || a.getVM() == 0 ? new String[0] : a.getStringValues();
        for (int i = 0; i < values.length; i++) {
            values[i] = legacy(tag, values[i].trim());
        }
        return values;
    }

    /** ACR-NEMA files write dates as yyyy.MM.dd and times as HH:mm:ss; DICOM allows neither any more. */
    private static String legacy(AttributeTag tag, String value) {
        if (tag.equals(TagFromName.StudyDate) || tag.equals(TagFromName.PatientBirthDate)) {
            return value.matches("\\d{4}\\.\\d{2}\\.\\d{2}") ? value.replace(".", "") : value;
        }
        if (tag.equals(TagFromName.StudyTime)) {
            return value.matches("\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?") ? value.replace(":", "") : value;
        }
        return value;
    }
}
