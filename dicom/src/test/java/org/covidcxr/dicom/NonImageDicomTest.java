package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherFloatAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DICOM file that is not a radiograph is named as what it is, never as a file cut off in transfer: a DICOMDIR (made
 * by dcmtk's dcmmkdir), a floating-point parametric map (written here), a structured report (a conformance image
 * turned into one by dcmodify).
 */
class NonImageDicomTest {
    @TempDir
    Path dir;

    @Test
    void aDicomdirIsNamed() throws Exception {
        Path image = Files.copy(SharedData.dir("dicom/conformance").resolve("files/base.dcm"), dir.resolve("IMG1"));
        image.toFile().setWritable(true);
        assumeTrue(ExternalTools.runIn(dir, "dcmmkdir", "+I", "+r", "IMG1"), "dcmtk's dcmmkdir is not installed");

        assertThatThrownBy(() -> XrayImageReader.read(dir.resolve("DICOMDIR"))).isInstanceOf(ImageReadException.class)
                .hasMessageContaining("this is a DICOMDIR").hasMessageNotContaining("cut off");
    }

    @Test
    void aParametricMapIsNamed() throws Exception {
        AttributeList list = new AttributeList();
        put(list, TagFromName.SOPClassUID, SOPClass.ParametricMapStorage);
        put(list, TagFromName.SOPInstanceUID, Uids.newUid());
        put(list, TagFromName.Modality, "MR");
        put(list, TagFromName.Rows, "4");
        put(list, TagFromName.Columns, "4");
        put(list, TagFromName.SamplesPerPixel, "1");
        put(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        put(list, TagFromName.BitsAllocated, "32");
        OtherFloatAttribute floats = new OtherFloatAttribute(TagFromName.FloatPixelData);
        floats.setValues(new float[16]);
        list.put(floats);
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "COVIDCXR");
        Path map = dir.resolve("map.dcm");
        list.write(map.toString(), TransferSyntax.ExplicitVRLittleEndian, true, true);

        assertThatThrownBy(() -> XrayImageReader.read(map)).isInstanceOf(ImageReadException.class)
                .hasMessageContaining("floating-point values").hasMessageContaining("Parametric Map")
                .hasMessageNotContaining("cut off");
    }

    @Test
    void aStructuredReportIsNamed() throws Exception {
        Path report = Files.copy(SharedData.dir("dicom/conformance").resolve("files/base.dcm"), dir.resolve("sr.dcm"));
        report.toFile().setWritable(true);
        assumeTrue(ExternalTools.runIn(dir, "dcmodify", "-nb", "-m", "(0008,0016)=1.2.840.10008.5.1.4.1.1.88.11",
                "-ea", "(7fe0,0010)", "-ea", "(0028,0010)", "-ea", "(0028,0011)", "sr.dcm"),
                "dcmtk's dcmodify is not installed");

        assertThatThrownBy(() -> XrayImageReader.read(report)).isInstanceOf(ImageReadException.class)
                .hasMessageContaining("contains no image").hasMessageContaining("Basic Text SR");
    }

    private static void put(AttributeList list, AttributeTag tag, String value) throws Exception {
        Attribute a = list.putNewAttribute(tag);
        a.addValue(value);
    }
}
