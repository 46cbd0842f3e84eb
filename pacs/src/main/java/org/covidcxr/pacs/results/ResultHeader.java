package org.covidcxr.pacs.results;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** The attributes every result object shares: SOP Common, Patient, General Study, series and equipment. */
final class ResultHeader {
    static final String PRODUCT = "COVID-19 CXR Workstation";

    private ResultHeader() {
    }

    /** Local time, which is what DICOM dates and times mean; the offset is recorded beside them. */
    static ZonedDateTime analysisTime(AiResult result) {
        return result.analysedAt().atZone(ZoneId.systemDefault());
    }

    /** A new data set for {@code instance}, in the source's study, with content date and time = the analysis time. */
    static AttributeList start(DicomInstance instance, SourceImage source, AiResult result, String modality,
                               int seriesNumber, String seriesDescription) throws DicomException {
        ZonedDateTime at = analysisTime(result);
        AttributeList list = new AttributeList();
        DicomValues.put(list, TagFromName.SpecificCharacterSet, DicomValues.UTF8);
        DicomValues.put(list, TagFromName.SOPClassUID, instance.sopClassUid());
        DicomValues.put(list, TagFromName.SOPInstanceUID, instance.sopInstanceUid());
        DicomValues.put(list, TagFromName.TimezoneOffsetFromUTC, DicomValues.offset(at));
        StudyCopy.copy(source, list);
        DicomValues.put(list, TagFromName.Modality, modality);
        DicomValues.put(list, TagFromName.SeriesInstanceUID, instance.seriesUid());
        DicomValues.put(list, TagFromName.SeriesNumber, seriesNumber);
        DicomValues.put(list, TagFromName.SeriesDescription, DicomValues.longString(seriesDescription));
        DicomValues.put(list, TagFromName.SeriesDate, DicomValues.date(at));
        DicomValues.put(list, TagFromName.SeriesTime, DicomValues.time(at));
        DicomValues.put(list, TagFromName.Manufacturer, PRODUCT);
        DicomValues.put(list, TagFromName.ManufacturerModelName, PRODUCT);
        DicomValues.put(list, TagFromName.SoftwareVersions, PRODUCT,
                DicomValues.longString("model " + result.modelVersion()));
        DicomValues.put(list, TagFromName.InstanceNumber, 1);
        DicomValues.put(list, TagFromName.ContentDate, DicomValues.date(at));
        DicomValues.put(list, TagFromName.ContentTime, DicomValues.time(at));
        return list;
    }
}
