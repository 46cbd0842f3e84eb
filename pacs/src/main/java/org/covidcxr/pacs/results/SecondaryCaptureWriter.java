package org.covidcxr.pacs.results;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import java.awt.image.BufferedImage;

/**
 * The Secondary Capture image: the picture with its heat map and a banner stating the result, as 8-bit RGB, which
 * every PACS viewer shows as it is (no windowing applies to it).
 */
final class SecondaryCaptureWriter {
    static final String SOP_CLASS = SOPClass.SecondaryCaptureImageStorage;
    /** High, so that the result series sort after the acquired ones in a PACS viewer. */
    static final int SERIES_NUMBER = 9901;
    /** Rows and Columns are 16-bit. */
    private static final int MAX_SIDE = 0xFFFF;

    private SecondaryCaptureWriter() {
    }

    static AttributeList build(DicomInstance instance, SourceImage source, BufferedImage picture, AiResult result)
            throws DicomException {
        AttributeList list = ResultHeader.start(instance, source, result, "OT", SERIES_NUMBER,
                "AI decision support (COVID-19 model " + result.modelVersion() + ")");
        DicomValues.put(list, TagFromName.ConversionType, "WSD");
        DicomValues.put(list, TagFromName.ImageType, "DERIVED", "SECONDARY");
        DicomValues.put(list, TagFromName.BurnedInAnnotation, "YES");
        // Type 2C, left empty: the picture is oriented as the source, which may not say how.
        DicomValues.put(list, TagFromName.PatientOrientation);
        // The workstation only analyses chest radiographs; an unpaired body part needs no Laterality.
        DicomValues.put(list, TagFromName.BodyPartExamined, "CHEST");
        DicomValues.put(list, TagFromName.DerivationDescription, "Grad-CAM heat map of COVID-19 model "
                + result.modelVersion() + " blended over the source image; AI result banner burned in");
        ReferenceAttributes.putSourceImage(list, source.instance());
        putPixels(list, ResultBanner.compose(picture, result));
        return list;
    }

    /** Image Pixel module for interleaved 8-bit RGB. */
    private static void putPixels(AttributeList list, BufferedImage rgb) throws DicomException {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        if (w > MAX_SIDE || h > MAX_SIDE || (long) w * h * 3 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a " + w + " x " + h + " picture is too large for a DICOM image");
        }
        DicomValues.put(list, TagFromName.SamplesPerPixel, 3);
        DicomValues.put(list, TagFromName.PhotometricInterpretation, "RGB");
        DicomValues.put(list, TagFromName.PlanarConfiguration, 0);
        DicomValues.put(list, TagFromName.Rows, h);
        DicomValues.put(list, TagFromName.Columns, w);
        DicomValues.put(list, TagFromName.BitsAllocated, 8);
        DicomValues.put(list, TagFromName.BitsStored, 8);
        DicomValues.put(list, TagFromName.HighBit, 7);
        DicomValues.put(list, TagFromName.PixelRepresentation, 0);
        byte[] bytes = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0, i = 0; y < h; y++) {
            rgb.getRGB(0, y, w, 1, row, 0, w);
            for (int argb : row) {
                bytes[i++] = (byte) (argb >> 16);
                bytes[i++] = (byte) (argb >> 8);
                bytes[i++] = (byte) argb;
            }
        }
        Attribute pixels = new OtherByteAttribute(TagFromName.PixelData);
        pixels.setValues(bytes);
        list.put(pixels);
    }
}
