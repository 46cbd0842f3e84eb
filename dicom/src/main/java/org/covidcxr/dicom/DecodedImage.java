package org.covidcxr.dicom;

import com.pixelmed.dicom.AttributeList;

/**
 * An image and the DICOM header it was decoded from (empty for PNG/JPEG), so that the attributes can be listed
 * without parsing the file again.
 *
 * @param fullWidth the full image's width: above the image's own when a reduced resolution level was decoded
 */
record DecodedImage(XrayImage image, AttributeList header, int fullWidth) {
}
