package org.covidcxr.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;

/**
 * The Image Pixel Module attributes intake needs (PS3.3 C.7.6.3), read from the header before any pixel is touched.
 *
 * @param highBit            position of the most significant stored bit inside the allocated word
 * @param pixelRepresentation 0 unsigned, 1 two's complement
 * @param planarConfiguration 0 colour-by-pixel, 1 colour-by-plane (only matters for native colour data)
 */
record PixelModule(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored, int highBit,
                   int pixelRepresentation, String photometric, int frames, int planarConfiguration) {

    static PixelModule of(AttributeList list) {
        int bitsAllocated = intValue(list, TagFromName.BitsAllocated, 0);
        int bitsStored = intValue(list, TagFromName.BitsStored, bitsAllocated);
        return new PixelModule(
                intValue(list, TagFromName.Rows, 0),
                intValue(list, TagFromName.Columns, 0),
                intValue(list, TagFromName.SamplesPerPixel, 1),
                bitsAllocated,
                bitsStored,
                intValue(list, TagFromName.HighBit, bitsStored - 1),
                intValue(list, TagFromName.PixelRepresentation, 0),
                Attribute.getSingleStringValueOrDefault(list, TagFromName.PhotometricInterpretation, "MONOCHROME2")
                        .trim().toUpperCase(),
                Math.max(1, intValue(list, TagFromName.NumberOfFrames, 1)),
                intValue(list, TagFromName.PlanarConfiguration, 0));
    }

    boolean signed() {
        return pixelRepresentation == 1;
    }

    boolean monochrome() {
        return photometric.startsWith("MONOCHROME");
    }

    int bytesPerSample() {
        return bitsAllocated / 8;
    }

    long pixelsPerFrame() {
        return (long) rows * columns;
    }

    /** Native bytes of one frame; YBR_FULL_422 keeps two samples per pixel (two Y share one Cb and one Cr). */
    long bytesPerFrame() {
        return pixelsPerFrame() * (subsampled422() ? 2 : samplesPerPixel) * bytesPerSample();
    }

    /** YBR_FULL_422 (PS3.3 C.7.6.3.1.2): each pair of pixels stored as Y1 Y2 Cb Cr. */
    boolean subsampled422() {
        return samplesPerPixel == 3 && "YBR_FULL_422".equals(photometric);
    }

    /** What decoding all frames would take: the figure the size limit is checked against before allocating. */
    long totalBytes() {
        return bytesPerFrame() * frames;
    }

    private static int intValue(AttributeList list, com.pixelmed.dicom.AttributeTag tag, int fallback) {
        // PixelMed reads US as unsigned; a garbled value must not throw here, the checks in the reader will refuse it.
        return Attribute.getSingleIntegerValueOrDefault(list, tag, fallback);
    }
}
