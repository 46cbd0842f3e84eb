package org.covidcxr.inference;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TransferSyntax;
import java.nio.file.Path;

/** Real DICOM files from the shared data with one header attribute changed, for tests here and in the app. */
public final class TestDicom {
    private TestDicom() {
    }

    /** {@code source} with one code-string attribute set (e.g. Body Part Examined HAND), written to {@code out}. */
    public static Path withCodeString(Path source, AttributeTag tag, String value, Path out) throws Exception {
        AttributeList list = new AttributeList();
        list.read(source.toString());
        Attribute attribute = new CodeStringAttribute(tag);
        attribute.addValue(value);
        list.put(attribute);
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "COVIDCXR");
        list.write(out.toString(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        return out;
    }
}
