package org.covidcxr.dicom;

import com.pixelmed.dicom.AttributeList;

/**
 * An image and the DICOM header it was decoded from (empty for PNG/JPEG), so that the attributes can be listed
 * without parsing the file again.
 */
record DecodedImage(XrayImage image, AttributeList header) {
}
