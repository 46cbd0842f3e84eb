package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lossless JPEG with a point transform (as some mammography and CR vendors write it): TwelveMonkeys decodes it to
 * wrong values without a warning, so it is refused by name until the project decodes it itself. The file is made here
 * by dcmtk from a conformance image ({@code scripts/setup.sh} installs dcmtk).
 */
class PointTransformTest {
    @TempDir
    Path dir;

    @Test
    void losslessJpegWithAPointTransformIsRefusedByNameNeverDecodedWrongly() throws Exception {
        Path base = SharedData.dir("dicom/conformance").resolve("files/base.dcm");
        Path pt2 = dir.resolve("pt2.dcm");
        Path pt0 = dir.resolve("pt0.dcm");
        assumeTrue(dcmcjpeg(base, pt2, "2") && dcmcjpeg(base, pt0, "0"), "dcmtk's dcmcjpeg is not installed");

        assertThatThrownBy(() -> XrayImageReader.read(pt2)).isInstanceOf(ImageReadException.class)
                .hasMessageContaining("point transform (Pt = 2)")
                .satisfies(e -> assertThat(((ImageReadException) e).problem())
                        .isEqualTo(ImageReadException.Problem.UNSUPPORTED_COMPRESSION));
        // Without a point transform the same encoder's output decodes exactly.
        assertThat(XrayImageReader.read(pt0).values()).isEqualTo(XrayImageReader.read(base).values());
    }

    private static boolean dcmcjpeg(Path in, Path out, String pointTransform) throws Exception {
        try {
            Process p = new ProcessBuilder("dcmcjpeg", "+e1", "+pt", pointTransform, in.toString(), out.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isRegularFile(out);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
