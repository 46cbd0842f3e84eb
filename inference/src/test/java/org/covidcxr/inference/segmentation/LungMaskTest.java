package org.covidcxr.inference.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import org.covidcxr.inference.Letterbox;
import org.junit.jupiter.api.Test;

class LungMaskTest {

    /** A 200 x 100 image letterboxed into 20 px (10 input px per 100 image px; content rows 5..14). */
    private static LungMask marked(int fromU, int toU, int fromV, int toV) {
        Letterbox box = Letterbox.fit(200, 100, 20);
        boolean[] lungs = new boolean[20 * 20];
        for (int v = fromV; v < toV; v++) {
            for (int u = fromU; u < toU; u++) {
                lungs[v * 20 + u] = true;
            }
        }
        return new LungMask(lungs, box);
    }

    @Test
    void boundsAreTheLungsRectangleInTheImagesOwnPixels() {
        // input columns 2..5 and rows 6..9 (content row 1..4) cover image columns 20..59 and rows 10..49
        assertThat(marked(2, 6, 6, 10).bounds()).contains(new Rectangle(20, 10, 40, 40));
        assertThat(marked(0, 20, 5, 15).bounds()).as("all of it").contains(new Rectangle(0, 0, 200, 100));
    }

    @Test
    void noLungsNoBoundsAndThePaddingNeverCounts() {
        assertThat(marked(0, 0, 0, 0).bounds()).isEmpty();
        assertThat(marked(0, 20, 0, 5).bounds()).as("marked in the letterbox padding only").isEmpty();
    }
}
