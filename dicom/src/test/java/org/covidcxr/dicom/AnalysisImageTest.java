package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis image ({@link XrayImageReader#readForAnalysis}): a reduced resolution level of a large JPEG 2000 file,
 * the full image of every other. The large files are made here from a real radiograph (RG1_J2KI.dcm, 1841 × 1955):
 * GDCM's gdcmconv decodes it to an uncompressed file and encodes that as lossless JPEG 2000 (five decomposition
 * levels, as GDCM writes them).
 */
class AnalysisImageTest {
    @TempDir
    static Path dir;
    static Path uncompressed;
    static Path lossless;

    @BeforeAll
    static void files() throws Exception {
        Path real = SharedData.dir("dicom/real").resolve("RG1_J2KI.dcm");
        uncompressed = dir.resolve("rg1-raw.dcm");
        lossless = dir.resolve("rg1-j2k-lossless.dcm");
        assumeTrue(ExternalTools.run("gdcmconv", "--raw", real.toString(), uncompressed.toString())
                && ExternalTools.run("gdcmconv", "--j2k", uncompressed.toString(), lossless.toString()),
                "GDCM's gdcmconv is missing");
    }

    @Test
    void aLargeLosslessJpeg2000IsAnalysedAtItsSmallestLevelOfAtLeast512PixelsCloseToABlockAverage()
            throws Exception {
        XrayImage full = XrayImageReader.read(lossless);
        XrayImage analysis = XrayImageReader.readForAnalysis(lossless);

        assertThat(full.values()).as("lossless: the full read is the uncompressed image")
                .isEqualTo(XrayImageReader.read(uncompressed).values());
        // 1841 x 1955 halved once, rounding up; halved twice (461 x 489) it would fall below 512.
        assertThat(analysis.width()).isEqualTo(921);
        assertThat(analysis.height()).isEqualTo(978);
        assertThat(analysis.study()).isEqualTo(full.study());
        assertThat(analysis.windows()).isEqualTo(full.windows());
        assertThat(analysis.bitsStored()).isEqualTo(full.bitsStored());
        // The 5/3 wavelet's low pass is the 5-tap (-1/8, 1/4, 3/4, 1/4, -1/8), not a 2-tap box: the level departs
        // from a 2 x 2 block average where the picture has detail at the pixel scale (this film's grain), and by
        // rounding elsewhere. Bounds: a mean departure under 0.5 % of the image's value range and 99 % of the pixels
        // under 2 % (measured: 0.35 % and 1.6 %); the same level compared with blocks one full-resolution pixel off
        // departs by 0.65 % and 3.1 %, so the bounds tell the right level at the right place from a misplaced one.
        double range = full.maxValue() - full.minValue();
        double[] departures = departuresFromBlockAverage(full, analysis, 0);
        assertThat(mean(departures) / range).isLessThan(0.005);
        assertThat(percentile(departures, 0.99) / range).isLessThan(0.02);
        assertThat(percentile(departuresFromBlockAverage(full, analysis, 1), 0.99) / range)
                .as("guards the test: blocks one pixel off are told apart").isGreaterThan(0.02);
    }

    @Test
    void aRealLossyJpeg2000IsAnalysedAtAReducedLevelAndStagedIntakeSharesOneRead() throws Exception {
        Path real = SharedData.dir("dicom/real").resolve("RG1_J2KI.dcm");
        CountingFileSystem counting = new CountingFileSystem();

        StagedIntake staged = StagedIntake.read(counting.wrap(real));

        assertThat(staged.reduced()).isTrue();
        assertThat(staged.fullWidth()).isEqualTo(1841);
        assertThat(staged.analysisImage().values()).isEqualTo(XrayImageReader.readForAnalysis(real).values());
        ImageIntake full = staged.full();
        assertThat(counting.opens()).as("the full image comes from the bytes already read").isEqualTo(1);
        assertThat(full.analysisImage()).isSameAs(staged.analysisImage());
        assertThat(full.image().values()).isEqualTo(XrayImageReader.read(real).values());
        assertThat(full.sha256()).isEqualTo(staged.sha256());
        assertThat(full.attributes()).isEqualTo(staged.attributes());
        assertThat(staged.full()).as("decoded once").isSameAs(full);
    }

    @Test
    void aLargeFileOtherThanJpeg2000IsAnalysedWhole() throws Exception {
        StagedIntake staged = StagedIntake.read(uncompressed);

        assertThat(staged.reduced()).isFalse();
        assertThat(staged.full().image()).isSameAs(staged.analysisImage());
        assertThat(XrayImageReader.readForAnalysis(uncompressed).values())
                .isEqualTo(XrayImageReader.read(uncompressed).values());
    }

    @Test
    void aJpeg2000WithoutALevelOfAtLeast512PixelsIsAnalysedWhole() throws Exception {
        // 440 x 440, five decomposition levels: every reduced level is below 512.
        Path small = SharedData.dir("dicom/real").resolve("CR-MONO1-10-chest_j2k_lossless.dcm");

        XrayImage analysis = XrayImageReader.readForAnalysis(small);

        assertThat(analysis.width()).isEqualTo(440);
        assertThat(analysis.values()).isEqualTo(XrayImageReader.read(small).values());
        assertThat(StagedIntake.read(small).reduced()).isFalse();
    }

    @Test
    void aLevelOfAnotherSizeThanTheHeaderMakesItIsRefusedAsDamaged() throws Exception {
        // The header says two more columns than the code stream holds: 922 columns at half size, not 921.
        Path wrong = Files.copy(lossless, dir.resolve("wrong-columns.dcm"));
        assumeTrue(ExternalTools.run("dcmodify", "-nb", "-m", "(0028,0011)=1843", wrong.toString()),
                "dcmtk's dcmodify is missing");

        assertThatThrownBy(() -> XrayImageReader.readForAnalysis(wrong))
                .isInstanceOfSatisfying(ImageReadException.class, e -> {
                    assertThat(e.problem()).isEqualTo(ImageReadException.Problem.CORRUPT);
                    assertThat(e.getMessage()).contains("at 1/2 size is 921 x 978", "1843 x 1955",
                            "922 x 978", "ask for it to be sent again");
                });
    }

    /**
     * |level pixel − mean of the full image's 2 × 2 block under it| per level pixel, the blocks moved {@code shift}
     * full-resolution pixels to the right; blocks cut by the edge average what they hold.
     */
    private static double[] departuresFromBlockAverage(XrayImage full, XrayImage level, int shift) {
        double[] out = new double[level.width() * level.height()];
        for (int y = 0; y < level.height(); y++) {
            for (int x = 0; x < level.width(); x++) {
                double sum = 0;
                int n = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int fx = 2 * x + dx + shift;
                        int fy = 2 * y + dy;
                        if (fx < full.width() && fy < full.height()) {
                            sum += full.value(fx, fy);
                            n++;
                        }
                    }
                }
                out[y * level.width() + x] = n == 0 ? 0 : Math.abs(level.value(x, y) - sum / n);
            }
        }
        return out;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }
}
