package org.covidcxr.pacs.results;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** References from a result object to other instances: the image it derives from, the evidence it rests on. */
final class ReferenceAttributes {
    private ReferenceAttributes() {
    }

    /** Source Image Sequence naming {@code source} as the input of an image processing operation (CID 7202). */
    static void putSourceImage(AttributeList list, DicomInstance source) throws DicomException {
        AttributeList item = sopReference(source);
        DicomValues.putCode(item, TagFromName.PurposeOfReferenceCodeSequence,
                new CodedSequenceItem("121322", "DCM", "Source image for image processing operation"));
        DicomValues.putSequence(list, TagFromName.SourceImageSequence, List.of(item));
    }

    /** Current Requested Procedure Evidence Sequence: every instance the report refers to, grouped by series. */
    static void putEvidence(AttributeList list, String studyUid, List<DicomInstance> instances)
            throws DicomException {
        Map<String, List<AttributeList>> bySeries = new LinkedHashMap<>();
        for (DicomInstance instance : instances) {
            bySeries.computeIfAbsent(instance.seriesUid(), s -> new ArrayList<>()).add(sopReference(instance));
        }
        List<AttributeList> series = new ArrayList<>();
        for (Map.Entry<String, List<AttributeList>> e : bySeries.entrySet()) {
            AttributeList item = new AttributeList();
            DicomValues.put(item, TagFromName.SeriesInstanceUID, e.getKey());
            DicomValues.putSequence(item, TagFromName.ReferencedSOPSequence, e.getValue());
            series.add(item);
        }
        AttributeList study = new AttributeList();
        DicomValues.put(study, TagFromName.StudyInstanceUID, studyUid);
        DicomValues.putSequence(study, TagFromName.ReferencedSeriesSequence, series);
        DicomValues.putSequence(list, TagFromName.CurrentRequestedProcedureEvidenceSequence, List.of(study));
    }

    private static AttributeList sopReference(DicomInstance instance) throws DicomException {
        AttributeList item = new AttributeList();
        DicomValues.put(item, TagFromName.ReferencedSOPClassUID, instance.sopClassUid());
        DicomValues.put(item, TagFromName.ReferencedSOPInstanceUID, instance.sopInstanceUid());
        return item;
    }
}
