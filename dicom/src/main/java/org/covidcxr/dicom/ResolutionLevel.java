package org.covidcxr.dicom;

import com.github.jaiimageio.jpeg2000.J2KImageReadParam;
import javax.imageio.ImageReadParam;

/**
 * Which resolution of a frame to decode and the size it has there. Only a JPEG 2000 code stream holds reduced levels
 * ({@link Jpeg2000Structure#analysisLevel}); decoding one reads and transforms only the coarser subbands, so a 2200 ×
 * 2200 radiograph at 550 × 550 decodes in a tenth of the time of the whole.
 *
 * @param discarded  wavelet decomposition levels left out: 0 for the full image
 * @param resolution jai-imageio's number for the level, counted up from the lowest (0); unused for the full image
 */
record ResolutionLevel(int discarded, int resolution, int columns, int rows) {

    static ResolutionLevel full(int columns, int rows) {
        return new ResolutionLevel(0, -1, columns, rows);
    }

    boolean reduced() {
        return discarded > 0;
    }

    /** Asks the reader for this level: only jai-imageio's JPEG 2000 reader is ever asked for a reduced one. */
    void configure(ImageReadParam param) {
        if (reduced()) {
            ((J2KImageReadParam) param).setResolution(resolution);
        }
    }

    /** "1/4 size": the level in words, for a message. */
    String inWords() {
        return "1/" + (1 << discarded) + " size";
    }
}
