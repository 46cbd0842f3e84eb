package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uncompressed YBR_FULL_422 holds two samples per pixel (Y1 Y2 Cb Cr for each pair of pixels), not three: it reads
 * whole, and its luminance is the Y samples. The file is written here.
 */
class Ybr422Test {
    @TempDir
    Path dir;

    @Test
    void uncompressedYbrFull422ReadsItsLuminance() throws Exception {
        int rows = 2;
        int columns = 4;
        byte[] pixels = {10, 20, (byte) 128, (byte) 128, 30, 40, 90, (byte) 160,
            50, 60, 100, (byte) 200, 70, 80, (byte) 128, (byte) 128};
        AttributeList list = new AttributeList();
        put(list, TagFromName.SOPClassUID, SOPClass.SecondaryCaptureImageStorage);
        put(list, TagFromName.SOPInstanceUID, Uids.newUid());
        put(list, TagFromName.Modality, "OT");
        put(list, TagFromName.Rows, Integer.toString(rows));
        put(list, TagFromName.Columns, Integer.toString(columns));
        put(list, TagFromName.SamplesPerPixel, "3");
        put(list, TagFromName.PlanarConfiguration, "0");
        put(list, TagFromName.PhotometricInterpretation, "YBR_FULL_422");
        put(list, TagFromName.BitsAllocated, "8");
        put(list, TagFromName.BitsStored, "8");
        put(list, TagFromName.HighBit, "7");
        put(list, TagFromName.PixelRepresentation, "0");
        OtherByteAttribute data = new OtherByteAttribute(TagFromName.PixelData);
        data.setValues(pixels);
        list.put(data);
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "COVIDCXR");
        Path file = dir.resolve("ybr422.dcm");
        list.write(file.toString(), TransferSyntax.ExplicitVRLittleEndian, true, true);

        XrayImage image = XrayImageReader.read(file);

        float[] luminance = new float[rows * columns];
        image.values().get(luminance);
        assertThat(luminance).containsExactly(10, 20, 30, 40, 50, 60, 70, 80);
    }

    private static void put(AttributeList list, AttributeTag tag, String value) throws Exception {
        Attribute a = list.putNewAttribute(tag);
        a.addValue(value);
    }
}
