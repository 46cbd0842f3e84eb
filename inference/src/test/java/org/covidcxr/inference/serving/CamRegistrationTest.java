package org.covidcxr.inference.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.covidcxr.inference.Letterbox;
import org.junit.jupiter.api.Test;

class CamRegistrationTest {
    private static final int INPUT = 64;
    private static final int GRID = 8;

    /** A grid whose value is its row index (or column index): bilinear sampling reproduces it exactly. */
    private static float[] ramp(boolean alongRows) {
        float[] cam = new float[GRID * GRID];
        for (int r = 0; r < GRID; r++) {
            for (int c = 0; c < GRID; c++) {
                cam[r * GRID + c] = alongRows ? r : c;
            }
        }
        return cam;
    }

    /** Grid coordinate (in cell-centre units) of an original pixel centre. */
    private static double gridCoordinate(int pixel, int pad, double scale) {
        return (pad + (pixel + 0.5) * scale) * GRID / INPUT - 0.5;
    }

    @Test
    void wideImageMapHasTheOriginalGeometryAndSkipsThePaddingRows() {
        Letterbox box = Letterbox.fit(200, 100, INPUT);
        assertThat(box.padTop()).isEqualTo(16);
        assertThat(box.contentHeight()).isEqualTo(32);

        HeatMap map = CamRegistration.register(ramp(true), 0, GRID, GRID, box);

        assertThat(map.width()).isEqualTo(200);
        assertThat(map.height()).isEqualTo(100);
        // Rows 0-1 and 6-7 of the grid lie in the padding; the image spans grid rows 1.52 .. 5.48 only.
        double top = gridCoordinate(0, 16, box.scaleY());
        double bottom = gridCoordinate(99, 16, box.scaleY());
        assertThat(top).isCloseTo(1.52, within(1e-9));
        assertThat(bottom).isCloseTo(5.48, within(1e-9));
        for (int y = 0; y < 100; y++) {
            float expected = (float) (gridCoordinate(y, 16, box.scaleY()) / bottom);
            for (int x = 0; x < 200; x += 37) {
                assertThat(map.value(x, y)).as("pixel %d,%d", x, y).isCloseTo(expected, within(1e-5f));
            }
        }
        assertThat(map.max()).isEqualTo(1f);
    }

    @Test
    void aMapOfALargeRadiographKeepsOnlyItsGridAndSamplesItWhereAsked() {
        Letterbox box = Letterbox.fit(2000, 1600, INPUT);

        HeatMap map = CamRegistration.register(ramp(false), 0, GRID, GRID, box);

        assertThat(map.width()).isEqualTo(2000);
        assertThat(map.height()).isEqualTo(1600);
        // 64 floats, not the 3.2 million of a per-pixel map (12.8 MB)
        assertThat(map.cells()).hasSize(GRID * GRID);
        // The image fills the input's width: its right edge lies beyond the last cell centre, clamped there.
        assertThat(map.value(1999, 800)).isCloseTo(1f, within(1e-6f));
        assertThat(map.max()).isEqualTo(1f);
        assertThat(map.value(1000, 0)).isCloseTo((float) (gridCoordinate(1000, 0, box.scaleX()) / (GRID - 1)),
                within(1e-5f));
    }

    @Test
    void tallImageMapSkipsThePaddingColumns() {
        Letterbox box = Letterbox.fit(90, 180, INPUT);
        assertThat(box.padLeft()).isEqualTo(16);

        HeatMap map = CamRegistration.register(ramp(false), 0, GRID, GRID, box);

        assertThat(map.width()).isEqualTo(90);
        assertThat(map.height()).isEqualTo(180);
        double right = gridCoordinate(89, 16, box.scaleX());
        for (int x = 0; x < 90; x++) {
            float expected = (float) (gridCoordinate(x, 16, box.scaleX()) / right);
            assertThat(map.value(x, 0)).isCloseTo(expected, within(1e-5f));
            assertThat(map.value(x, 179)).isCloseTo(expected, within(1e-5f));
        }
    }

    @Test
    void readsTheRequestedMapOfAStackAndKeepsAnEmptyMapAtZero() {
        Letterbox box = Letterbox.fit(64, 64, INPUT);
        float[] stack = new float[2 * GRID * GRID];
        stack[GRID * GRID + 3 * GRID + 4] = 2f; // second map: one hot cell at row 3, column 4

        HeatMap first = CamRegistration.register(stack, 0, GRID, GRID, box);
        HeatMap second = CamRegistration.register(stack, GRID * GRID, GRID, GRID, box);

        assertThat(first.max()).isZero();
        // Cell (column 4, row 3) is centred on input edge (36, 28): the four pixels around it are the hottest.
        assertThat(second.value(35, 27)).isEqualTo(1f);
        assertThat(second.value(36, 28)).isEqualTo(second.value(35, 27));
        assertThat(second.value(0, 0)).isZero();
    }

    @Test
    void refusesANonFiniteMap() {
        float[] cam = new float[GRID * GRID];
        cam[5] = Float.NaN;
        cam[6] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> CamRegistration.register(cam, 0, GRID, GRID, Letterbox.fit(64, 64, INPUT)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("non-finite");
    }
}
