package org.covidcxr.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.covidcxr.dicom.Photometric;
import org.covidcxr.dicom.StudyInfo;
import org.covidcxr.dicom.XrayImage;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

    static XrayImage ramp(int w, int h, Photometric photometric) {
        float[] v = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = 1000 + 3 * x;
            }
        }
        return new XrayImage(w, h, v, photometric, List.of(), Optional.empty(), 12, 1, StudyInfo.none(false));
    }

    @Test
    void letterboxesAPortraitImageCentredWithBlackPadding() {
        PreparedImage p = new Preprocessor(64).prepare(ramp(100, 200, Photometric.MONOCHROME2));

        assertThat(p.letterbox()).isEqualTo(new Letterbox(64, 100, 200, 16, 0, 32, 64));
        assertThat(p.letterbox().scaleX()).isEqualTo(0.32);
        float black = Preprocessor.standardise(0);
        assertThat(p.pixels()[10 * 64 + 5]).isEqualTo(black);
        assertThat(p.pixels()[10 * 64 + 60]).isEqualTo(black);
        // left of the content is dark, right is bright: a clipped ramp spans [0, 1] before standardising
        assertThat(Preprocessor.unstandardise(p.pixels()[10 * 64 + 16])).isLessThan(0.05f);
        assertThat(Preprocessor.unstandardise(p.pixels()[10 * 64 + 47])).isGreaterThan(0.95f);
    }

    @Test
    void invertsMonochrome1AndIsDeterministic() {
        Preprocessor pre = new Preprocessor(32);
        float[] m2 = pre.prepare(ramp(40, 40, Photometric.MONOCHROME2)).pixels();
        float[] m1 = pre.prepare(ramp(40, 40, Photometric.MONOCHROME1)).pixels();

        for (int i = 0; i < m2.length; i++) {
            assertThat(Preprocessor.unstandardise(m1[i])).isCloseTo(1 - Preprocessor.unstandardise(m2[i]),
                    within(1e-5f));
        }
        assertThat(pre.prepare(ramp(40, 40, Photometric.MONOCHROME2)).pixels()).containsExactly(m2);
    }

    @Test
    void areaAveragingKeepsTheMeanOfAShrunkImage() {
        XrayImage image = ramp(128, 128, Photometric.MONOCHROME2);
        float[] big = new Preprocessor(128).prepare(image).pixels();
        float[] small = new Preprocessor(32).prepare(image).pixels();
        assertThat(mean(small)).isCloseTo(mean(big), within(1e-3));
    }

    private static double mean(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s / values.length;
    }
}
