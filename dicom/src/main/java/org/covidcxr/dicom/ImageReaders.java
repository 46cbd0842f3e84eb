package org.covidcxr.dicom;

import static org.covidcxr.dicom.ImageReadException.Problem.UNSUPPORTED_COMPRESSION;

import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/** Picks the ImageIO reader for a format; the caller disposes it. */
final class ImageReaders {
    private static final String TWELVEMONKEYS_JPEG = "com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader";

    private ImageReaders() {
    }

    /**
     * Prefers TwelveMonkeys for JPEG: the JDK's reader may be registered first, but only TwelveMonkeys decodes
     * lossless JPEG (Process 14) and it copes with more real-world JPEG quirks.
     */
    static ImageReader forFormat(String format) throws IntakeProblem {
        ImageReader chosen = null;
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format); it.hasNext(); ) {
            ImageReader candidate = it.next();
            if (chosen == null || candidate.getClass().getName().equals(TWELVEMONKEYS_JPEG)) {
                if (chosen != null) {
                    chosen.dispose();
                }
                chosen = candidate;
            } else {
                candidate.dispose();
            }
        }
        if (chosen == null) {
            throw new IntakeProblem(UNSUPPORTED_COMPRESSION, "no " + format + " decoder is installed; the "
                    + "installation is incomplete. Reinstall the workstation.");
        }
        return chosen;
    }
}
