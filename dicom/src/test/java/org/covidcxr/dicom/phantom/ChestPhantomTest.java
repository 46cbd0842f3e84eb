package org.covidcxr.dicom.phantom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.covidcxr.dicom.Photometric;
import org.covidcxr.dicom.XrayImage;
import org.junit.jupiter.api.Test;

class ChestPhantomTest {

    @Test
    void sameSizeGivesTheSamePixels() {
        XrayImage a = ChestPhantom.render(320, 384);
        XrayImage b = ChestPhantom.render(320, 384);
        assertThat(a.width()).isEqualTo(320);
        assertThat(a.height()).isEqualTo(384);
        assertThat(a.values()).isEqualTo(b.values());
    }

    @Test
    void looksLikeAChestRadiograph() {
        XrayImage image = ChestPhantom.render(512, 512);
        float air = mean(image, 0.02, 0.02);
        float rightLung = mean(image, 0.28, 0.40);
        float leftLung = mean(image, 0.72, 0.40);
        float spine = mean(image, 0.50, 0.50);
        float belowDiaphragm = mean(image, 0.30, 0.95);
        assertThat(image.photometric()).isEqualTo(Photometric.MONOCHROME2);
        assertThat(air).isLessThan(rightLung);
        assertThat(rightLung).isLessThan(belowDiaphragm);
        assertThat(Math.abs(rightLung - leftLung)).isLessThan(150f);
        assertThat(spine).isGreaterThan(belowDiaphragm);
        assertThat(image.minValue()).isGreaterThanOrEqualTo(0f);
        assertThat(image.maxValue()).isLessThan(1 << ChestPhantom.BITS_STORED);
        assertThat(image.windows()).isNotEmpty();
    }

    @Test
    void carriesNoPatientData() {
        XrayImage image = ChestPhantom.render(64, 64);
        assertThat(image.study().patientName()).isEmpty();
        assertThat(image.study().patientId()).isEmpty();
        assertThat(image.study().bodyPartExamined()).isEqualTo("CHEST");
    }

    @Test
    void rejectsSizesTooSmallToDraw() {
        assertThatThrownBy(() -> ChestPhantom.render(16, 512))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 x 512");
    }

    /** Mean over a 9 x 9 patch around normalised coordinates, so noise does not decide the comparisons. */
    private static float mean(XrayImage image, double u, double v) {
        int cx = (int) (u * image.width());
        int cy = (int) (v * image.height());
        float sum = 0;
        for (int dy = -4; dy <= 4; dy++) {
            for (int dx = -4; dx <= 4; dx++) {
                sum += image.value(cx + dx, cy + dy);
            }
        }
        return sum / 81;
    }
}
