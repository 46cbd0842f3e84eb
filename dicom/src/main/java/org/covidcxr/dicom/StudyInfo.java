package org.covidcxr.dicom;

import java.time.LocalDate;
import java.util.Optional;

/**
 * What the file says about the patient and the acquisition. Absent text attributes are empty strings.
 * Patient name and ID are sensitive: never log them, never export them un-de-identified.
 * {@code burnedInText}: what the file says about text burned into the pixels.
 */
public record StudyInfo(
        String patientName,
        String patientId,
        String patientSex,
        String patientAge,
        Optional<LocalDate> studyDate,
        String accessionNumber,
        String modality,
        String bodyPartExamined,
        String viewPosition,
        String institutionName,
        String manufacturer,
        String transferSyntaxUid,
        boolean lossyCompressed,
        String sopInstanceUid,
        BurnedInText burnedInText) {

    public StudyInfo {
        patientName = nonNull(patientName);
        patientId = nonNull(patientId);
        patientSex = nonNull(patientSex);
        patientAge = nonNull(patientAge);
        studyDate = studyDate == null ? Optional.empty() : studyDate;
        accessionNumber = nonNull(accessionNumber);
        modality = nonNull(modality);
        bodyPartExamined = nonNull(bodyPartExamined);
        viewPosition = nonNull(viewPosition);
        institutionName = nonNull(institutionName);
        manufacturer = nonNull(manufacturer);
        transferSyntaxUid = nonNull(transferSyntaxUid);
        sopInstanceUid = nonNull(sopInstanceUid);
        burnedInText = burnedInText == null ? BurnedInText.NOT_STATED : burnedInText;
    }

    /** The file states that text is burned into the pixels: no copy of them counts as de-identified. */
    public boolean burnedInAnnotation() {
        return burnedInText == BurnedInText.PRESENT;
    }

    /** For images without DICOM metadata (PNG, JPEG). */
    public static StudyInfo none(boolean lossy) {
        return new StudyInfo("", "", "", "", Optional.empty(), "", "", "", "", "", "", "", lossy, "", BurnedInText.NOT_STATED);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s.trim();
    }
}
