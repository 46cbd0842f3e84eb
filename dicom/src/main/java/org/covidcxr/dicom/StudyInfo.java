package org.covidcxr.dicom;

import java.time.LocalDate;
import java.util.Optional;

/**
 * What the file says about the patient and the acquisition. Absent text attributes are empty strings.
 * Patient name and ID are sensitive: never log them, never export them un-de-identified.
 * {@code burnedInAnnotation}: the file states (Burned In Annotation = YES) that text is burned into the pixels, so
 * no copy of its pixels counts as de-identified.
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
        boolean burnedInAnnotation) {

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
    }

    /** For images without DICOM metadata (PNG, JPEG). */
    public static StudyInfo none(boolean lossy) {
        return new StudyInfo("", "", "", "", Optional.empty(), "", "", "", "", "", "", "", lossy, "", false);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s.trim();
    }
}
