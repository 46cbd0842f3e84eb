package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DicomAttributesTest {
    private static final Path REAL = Path.of(System.getProperty("covidcxr.shared.data", "../shared/data"))
            .resolve("dicom/real/CR-MONO1-10-chest.dcm");

    @Test
    void listsEveryHeaderAttributeInTagOrder() throws Exception {
        assumeTrue(Files.isRegularFile(REAL), "shared data missing at " + REAL.toAbsolutePath());
        List<DicomAttributes.Entry> entries = DicomAttributes.list(REAL);
        assertThat(entries).extracting(DicomAttributes.Entry::name).contains("Modality", "PatientName", "Rows",
                "Columns", "PhotometricInterpretation");
        assertThat(entries).filteredOn(e -> e.name().equals("Modality")).singleElement()
                .satisfies(e -> {
                    assertThat(e.tag()).isEqualTo("(0008,0060)");
                    assertThat(e.vr()).isEqualTo("CS");
                    assertThat(e.value()).isEqualTo("CR");
                });
        assertThat(entries).extracting(DicomAttributes.Entry::name).doesNotContain("PixelData");
    }

    @Test
    void plainImagesHaveNoAttributes() throws Exception {
        Path png = Path.of(System.getProperty("covidcxr.shared.data", "../shared/data"))
                .resolve("dicom/conformance/files/u8.png");
        assumeTrue(Files.isRegularFile(png), "shared data missing at " + png.toAbsolutePath());
        assertThat(DicomAttributes.list(png)).isEmpty();
    }
}
