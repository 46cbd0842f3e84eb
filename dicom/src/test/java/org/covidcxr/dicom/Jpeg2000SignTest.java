package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JPEG 2000 image whose header says signed (Pixel Representation 1) while its code stream holds unsigned samples
 * reads as the header's reading of the stored bits, as GDCM gives it, instead of values clamped to the signed range.
 * The file is made here from a conformance image with dcmtk's dcmodify; GDCM's gdcmconv decodes the reference.
 */
class Jpeg2000SignTest {
    @TempDir
    Path dir;

    @Test
    void aSignedHeaderOverAnUnsignedCodeStreamReadsAsGdcmReadsIt() throws Exception {
        Path source = SharedData.dir("dicom/conformance").resolve("files/j2k_ll.dcm");
        Path signed = Files.copy(source, dir.resolve("signed-header.dcm"));
        signed.toFile().setWritable(true);
        Path reference = dir.resolve("gdcm-raw.dcm");
        assumeTrue(ExternalTools.run("dcmodify", "-nb", "-m", "(0028,0103)=1", signed.toString()),
                "dcmtk's dcmodify is missing");
        assumeTrue(ExternalTools.run("gdcmconv", "--raw", signed.toString(), reference.toString()),
                "GDCM's gdcmconv is missing");

        XrayImage image = XrayImageReader.read(signed);

        assertThat(image.values()).isEqualTo(XrayImageReader.read(reference).values());
        float min = Float.MAX_VALUE;
        for (int i = 0; i < image.values().limit(); i++) {
            min = Math.min(min, image.values().get(i));
        }
        assertThat(min).as("stored values of 2048 and above read as negative").isNegative();
    }
}
