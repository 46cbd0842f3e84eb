package org.covidcxr.inference.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.covidcxr.dicom.DisplayImage;
import org.junit.jupiter.api.Test;

class HeatMapOverlayTest {

    private static BufferedImage grey(int w, int h, int level) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.getRaster().setSample(x, y, 0, level);
            }
        }
        return image;
    }

    @Test
    void coldPixelsKeepTheImageAndHotPixelsBlendTheColourMapAtTheGivenOpacity() {
        float[] values = new float[4 * 2];
        values[5] = 1f; // pixel (1, 1)
        values[6] = 0.5f; // pixel (2, 1)
        BufferedImage out = HeatMapOverlay.render(grey(4, 2, 100), new HeatMap(4, 2, values), 0.5f);

        assertThat(out.getWidth()).isEqualTo(4);
        assertThat(out.getHeight()).isEqualTo(2);
        assertThat(out.getRGB(0, 0) & 0xffffff).isEqualTo(100 << 16 | 100 << 8 | 100);
        int hot = HeatMapOverlay.colour(1f);
        assertThat(out.getRGB(1, 1) & 0xffffff).isEqualTo(mix(100, hot, 0.5f));
        assertThat(out.getRGB(2, 1) & 0xffffff).isEqualTo(mix(100, HeatMapOverlay.colour(0.5f), 0.25f));
        // Turbo runs from blue (low) to dark red (high).
        int cold = HeatMapOverlay.colour(0.2f);
        assertThat(cold & 0xff).isGreaterThan(cold >> 16 & 0xff);
        assertThat(hot >> 16 & 0xff).isGreaterThan(hot & 0xff);
    }

    @Test
    void aDisplayImageOfTheDicomPipelineRendersLikeItsBufferedImage() {
        byte[] levels = {0, 50, (byte) 200, (byte) 255, 10, 20};
        DisplayImage display = new DisplayImage(3, 2, levels);
        HeatMap map = new HeatMap(3, 2, new float[] {0f, 0.2f, 0.4f, 0.6f, 0.8f, 1f});

        BufferedImage fromDisplay = HeatMapOverlay.render(display, map, 0.7f);
        BufferedImage fromBuffered = HeatMapOverlay.render(display.toBufferedImage(), map, 0.7f);

        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                assertThat(fromDisplay.getRGB(x, y)).isEqualTo(fromBuffered.getRGB(x, y));
            }
        }
        // Grey levels are taken as stored (not brightened by a colour-space conversion).
        assertThat(fromDisplay.getRGB(0, 0) & 0xffffff).isZero();
    }

    @Test
    void theTranslucentLayerCarriesTheSameColoursWithAlphaFromTheValue() {
        HeatMap map = new HeatMap(2, 1, new float[] {0f, 0.5f});
        int[] layer = HeatMapOverlay.argbLayer(map, map.width(), map.height());
        assertThat(layer[0] >>> 24).isZero();
        assertThat(layer[1] >>> 24).isEqualTo(128);
        assertThat(layer[1] & 0xffffff).isEqualTo(HeatMapOverlay.colour(0.5f));
    }

    @Test
    void aMapOfAReducedLevelIsStretchedOverTheFullImage() {
        // The map of a 2 x 1 level (its right pixel hot) over the 3 x 2 image it halves, rounding up.
        HeatMap level = new HeatMap(2, 1, new float[] {0f, 1f});
        BufferedImage out = HeatMapOverlay.render(grey(3, 2, 100), level, 0.5f);

        int hot = mix(100, HeatMapOverlay.colour(1f), 0.5f);
        for (int y = 0; y < 2; y++) {
            assertThat(out.getRGB(0, y) & 0xffffff).isEqualTo(100 << 16 | 100 << 8 | 100);
            assertThat(out.getRGB(2, y) & 0xffffff).isEqualTo(hot);
        }
    }

    @Test
    void refusesAMapOfAnotherGeometry() {
        assertThatThrownBy(() -> HeatMapOverlay.render(grey(4, 2, 0), new HeatMap(2, 4, new float[8]), 0.5f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not registered");
    }

    private static int mix(int grey, int colour, float alpha) {
        int r = Math.round(grey * (1 - alpha) + (colour >> 16 & 0xff) * alpha);
        int g = Math.round(grey * (1 - alpha) + (colour >> 8 & 0xff) * alpha);
        int b = Math.round(grey * (1 - alpha) + (colour & 0xff) * alpha);
        return r << 16 | g << 8 | b;
    }
}
