package org.covidcxr.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The {@link StudyInfo} of a DICOM header. Text arrives decoded per Specific Character Set (PixelMed does that). */
final class DicomStudyInfo {
    private static final DateTimeFormatter DICOM_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private DicomStudyInfo() {
    }

    static StudyInfo of(AttributeList list, DicomTransferSyntax syntax) {
        return new StudyInfo(
                text(list, TagFromName.PatientName),
                text(list, TagFromName.PatientID),
                text(list, TagFromName.PatientSex),
                text(list, TagFromName.PatientAge),
                studyDate(list),
                text(list, TagFromName.AccessionNumber),
                text(list, TagFromName.Modality),
                text(list, TagFromName.BodyPartExamined),
                text(list, TagFromName.ViewPosition),
                text(list, TagFromName.InstitutionName),
                text(list, TagFromName.Manufacturer),
                syntax.uid(),
                lossy(list, syntax),
                text(list, TagFromName.SOPInstanceUID),
                BurnedInText.of(text(list, TagFromName.BurnedInAnnotation)));
    }

    /** Lossy when the file says so (Lossy Image Compression 01) or its transfer syntax is lossy by nature. */
    private static boolean lossy(AttributeList list, DicomTransferSyntax syntax) {
        String flag = text(list, TagFromName.LossyImageCompression);
        return switch (syntax) {
            case JPEG_BASELINE, JPEG_EXTENDED, JPEG_LS_NEAR_LOSSLESS -> true;
            case JPEG_2000 -> !"00".equals(flag);
            default -> "01".equals(flag);
        };
    }

    /** Study Date, else the series, acquisition or content date: old CR files carry only the latter. */
    private static Optional<LocalDate> studyDate(AttributeList list) {
        for (AttributeTag tag : new AttributeTag[] {TagFromName.StudyDate, TagFromName.SeriesDate,
                TagFromName.AcquisitionDate, TagFromName.ContentDate}) {
            Optional<LocalDate> date = date(text(list, tag));
            if (date.isPresent()) {
                return date;
            }
        }
        return Optional.empty();
    }

    /** DA is yyyyMMdd; old ACR-NEMA files write yyyy.MM.dd. Anything else is treated as absent. */
    private static Optional<LocalDate> date(String value) {
        String digits = value.replace(".", "");
        try {
            return digits.length() == 8 ? Optional.of(LocalDate.parse(digits, DICOM_DATE)) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String text(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).trim();
    }
}
