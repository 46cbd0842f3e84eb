package org.covidcxr.app.training;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Optional;
import org.covidcxr.app.imaging.ArgbRaster;
import org.covidcxr.dicom.DisplayImage;
import org.covidcxr.dicom.DisplayPipeline;
import org.covidcxr.dicom.DisplaySettings;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.dicom.XrayImageReader;
import org.covidcxr.inference.serving.HeatMap;
import org.covidcxr.inference.serving.HeatMapOverlay;

/** Small renderings for the wizard (thumbnails, Grad-CAM gallery), made off the UI thread. */
public final class TrainingImages {
    private TrainingImages() {
    }

    /** The image at its file's default window, scaled to fit; empty if it cannot be read any more. */
    public static Optional<ArgbRaster> thumbnail(Path file, int maxSide) {
        return display(file).map(d -> ArgbRaster.grey(d.width(), d.height(), d.gray8()).scaledToFit(maxSide));
    }

    /** The image with a Grad-CAM map over it, scaled to fit. */
    public static Optional<ArgbRaster> overlay(Path file, HeatMap map, int maxSide) {
        return display(file).map(d -> argb(HeatMapOverlay.render(d, map, HeatMapOverlay.DEFAULT_OPACITY))
                .scaledToFit(maxSide));
    }

    /**
     * The image the models analysed, which their heat maps belong to: for a large JPEG 2000 file a reduced level, as
     * many pixels as these small renderings can show, decoded in a fraction of the time.
     */
    private static Optional<DisplayImage> display(Path file) {
        try {
            XrayImage image = XrayImageReader.readForAnalysis(file);
            return Optional.of(DisplayPipeline.render(image, DisplaySettings.fileDefault(image)));
        } catch (ImageReadException e) {
            return Optional.empty();
        }
    }

    private static ArgbRaster argb(BufferedImage rgb) {
        int w = rgb.getWidth();
        int h = rgb.getHeight();
        int[] pixels = rgb.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] |= 0xff000000;
        }
        return new ArgbRaster(w, h, pixels);
    }
}
