package org.covidcxr.dicom;

import static org.covidcxr.dicom.ImageReadException.Problem.CORRUPT;
import static org.covidcxr.dicom.ImageReadException.Problem.TRUNCATED;
import static org.covidcxr.dicom.ImageReadException.Problem.UNSUPPORTED_COMPRESSION;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the ImageIO reader for a format (the caller disposes it) and decodes strictly with it. */
final class ImageReaders {
    private static final Logger LOG = LoggerFactory.getLogger(ImageReaders.class);
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

    /**
     * Decodes the first image, refusing it when the decoder warns. ImageIO's JPEG readers report a stream that ends
     * early only as a warning and fill the rest of the picture with grey: scored, such an image flipped verdicts.
     */
    static BufferedImage readStrictly(ImageReader reader, ImageReadParam param) throws IOException, IntakeProblem {
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image = reader.read(0, param);
        if (warnings.isEmpty()) {
            return image;
        }
        LOG.info("image decoder warnings: {}", warnings);
        if (warnings.stream().anyMatch(w -> w.toLowerCase(Locale.ROOT).contains("premature end"))) {
            throw new IntakeProblem(TRUNCATED, "the image ends before all of its picture data; part of the picture "
                    + "would be missing. It was probably cut off during transfer or copying. Ask for it to be sent "
                    + "again.");
        }
        throw new IntakeProblem(CORRUPT, "the image data are damaged, so part of the picture would be wrong. Ask for "
                + "it to be sent again.");
    }
}
