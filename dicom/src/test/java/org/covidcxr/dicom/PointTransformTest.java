package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lossless JPEG (the project's own decoder) with every predictor, and with a point transform as some mammography and
 * CR vendors write it: the encoder divides every sample by 2^Pt, and the image must come back multiplied again, as
 * dcmtk decodes it, never divided. The files are made here by dcmtk from a conformance image ({@code scripts/setup.sh}
 * installs dcmtk).
 */
class PointTransformTest {
    @TempDir
    Path dir;

    @Test
    void losslessJpegWithAPointTransformDecodesAsDcmtkDecodesIt() throws Exception {
        Path base = SharedData.dir("dicom/conformance").resolve("files/base.dcm");
        Path pt2 = dir.resolve("pt2.dcm");
        Path pt0 = dir.resolve("pt0.dcm");
        Path dcmtk = dir.resolve("pt2-dcmtk.dcm");
        assumeTrue(ExternalTools.run("dcmcjpeg", "+e1", "+pt", "2", base.toString(), pt2.toString())
                && ExternalTools.run("dcmcjpeg", "+e1", "+pt", "0", base.toString(), pt0.toString())
                && ExternalTools.run("dcmdjpeg", pt2.toString(), dcmtk.toString()),
                "dcmtk's dcmcjpeg/dcmdjpeg are not installed");

        XrayImage decoded = XrayImageReader.read(pt2);

        assertThat(decoded.values()).isEqualTo(XrayImageReader.read(dcmtk).values());
        XrayImage original = XrayImageReader.read(base);
        for (int i = 0; i < original.values().limit(); i++) {
            int value = (int) original.values().get(i);
            assertThat((int) decoded.values().get(i)).as("pixel " + i).isEqualTo(value & ~3);
        }
        // Without a point transform the same encoder's output decodes exactly.
        assertThat(XrayImageReader.read(pt0).values()).isEqualTo(original.values());
    }

    @Test
    void everyLosslessPredictorDecodesExactlyWithAndWithoutAPointTransform() throws Exception {
        Path base = SharedData.dir("dicom/conformance").resolve("files/base.dcm");
        XrayImage original = XrayImageReader.read(base);
        for (int sv = 1; sv <= 7; sv++) {
            Path plain = dir.resolve("sv" + sv + ".dcm");
            Path shifted = dir.resolve("sv" + sv + "-pt3.dcm");
            Path dcmtk = dir.resolve("sv" + sv + "-pt3-dcmtk.dcm");
            String selection = Integer.toString(sv);
            assumeTrue(ExternalTools.run("dcmcjpeg", "+el", "+sv", selection, base.toString(), plain.toString())
                    && ExternalTools.run("dcmcjpeg", "+el", "+sv", selection, "+pt", "3", base.toString(),
                    shifted.toString()) && ExternalTools.run("dcmdjpeg", shifted.toString(), dcmtk.toString()),
                    "dcmtk's dcmcjpeg/dcmdjpeg are not installed");
            assertThat(XrayImageReader.read(plain).values()).as("selection value " + sv).isEqualTo(original.values());
            assertThat(XrayImageReader.read(shifted).values()).as("selection value " + sv + ", Pt 3")
                    .isEqualTo(XrayImageReader.read(dcmtk).values());
        }
    }
}
