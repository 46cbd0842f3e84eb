package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Some writers leave out the 128-byte preamble and "DICM" but keep the File Meta Information: its transfer syntax
 * still counts. Each file is made here from a conformance or real file by cutting its first 132 bytes.
 */
class MetaHeaderWithoutPreambleTest {
    @TempDir
    Path dir;

    @Test
    void aMetaHeaderWithoutItsPreambleStillNamesTheTransferSyntax() throws Exception {
        Path conformance = SharedData.dir("dicom/conformance").resolve("files");
        Path real = SharedData.dir("dicom/real");
        for (Path original : List.of(conformance.resolve("base.dcm"), conformance.resolve("jpeg_ll_sv1.dcm"),
                conformance.resolve("j2k_ll.dcm"), conformance.resolve("u8_rle.dcm"),
                real.resolve("CR-MONO1-10-chest_deflatedLE.dcm"))) {
            byte[] bytes = Files.readAllBytes(original);
            Path cut = Files.write(dir.resolve("no-preamble-" + original.getFileName()),
                    Arrays.copyOfRange(bytes, 132, bytes.length));

            assertThat(XrayImageReader.read(cut).values()).as(original.getFileName().toString())
                    .isEqualTo(XrayImageReader.read(original).values());
        }
    }
}
