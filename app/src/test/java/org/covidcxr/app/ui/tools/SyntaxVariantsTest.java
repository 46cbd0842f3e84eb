package org.covidcxr.app.ui.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.covidcxr.app.TestModels;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.dicom.XrayImageReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's files per transfer syntax (made by dcmtk and GDCM from a real radiograph) are what they claim: a
 * square of the asked size, and for every lossless syntax the same pixels as the uncompressed file.
 */
class SyntaxVariantsTest {

    @Test
    void everyLosslessVariantHoldsTheUncompressedPixels(@TempDir Path folder) throws Exception {
        Path radiograph = TestModels.sharedData().resolve("dicom/real/RG1_J2KI.dcm");
        assumeTrue(Files.isRegularFile(radiograph), "shared data missing at " + radiograph.toAbsolutePath());

        SyntaxVariants.Set set = SyntaxVariants.make(radiograph, 600, folder);

        XrayImage reference = XrayImageReader.read(set.uncompressed().file());
        assertThat(reference.width()).isEqualTo(600);
        assertThat(reference.height()).isEqualTo(600);
        assertThat(set.variants()).hasSize(10);
        for (SyntaxVariants.Variant v : set.variants()) {
            XrayImage image = XrayImageReader.read(v.file());
            assertThat(image.width()).as(v.syntax()).isEqualTo(600);
            if (!v.syntax().contains("lossy")) {
                assertThat(image.values()).as(v.syntax()).isEqualTo(reference.values());
            }
        }
        assertThat(set.tiny()).as("1 x 1 crop for dcmtk's start-up").isRegularFile();
    }
}
