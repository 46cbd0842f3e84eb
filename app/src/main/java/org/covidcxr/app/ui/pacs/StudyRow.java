package org.covidcxr.app.ui.pacs;

/** One study found on the PACS, as the study table shows it. */
public record StudyRow(String studyInstanceUid, String date, String patientId, String patientName,
                       String description, String modalities, int images, String accession) {
}
