package org.covidcxr.pacs;

/** One study a node listed in answer to a C-FIND (values as the node gave them; empty where it gave none). */
public record StudyRecord(String studyInstanceUid, String patientId, String patientName, String studyDate,
                          String studyDescription, String accessionNumber, String modalities, int instances) {
}
