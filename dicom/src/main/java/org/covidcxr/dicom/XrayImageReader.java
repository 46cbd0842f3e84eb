package org.covidcxr.dicom;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/** Entry point of image intake: any supported file → {@link XrayImage}, or one {@link ImageReadException}. */
public final class XrayImageReader {

    private XrayImageReader() {
    }

    public static XrayImage read(Path file) throws ImageReadException {
        if (!Files.isRegularFile(file)) {
            throw new ImageReadException(file, ImageReadException.Problem.NOT_FOUND,
                    "the file does not exist or is not a regular file. Check the path.");
        }
        return readPlainImage(file);
    }

    // Interim PNG/JPEG reader; DICOM support and hardening come with the dicom module's intake work.
    private static XrayImage readPlainImage(Path file) throws ImageReadException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new ImageReadException(file, ImageReadException.Problem.CORRUPT,
                    "the image could not be decoded (" + e.getMessage() + ").", e);
        }
        if (image == null) {
            throw new ImageReadException(file, ImageReadException.Problem.UNSUPPORTED_FORMAT,
                    "not a DICOM, PNG or JPEG image.");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        float[] values = new float[w * h];
        Raster raster = image.getRaster();
        boolean gray = image.getColorModel().getNumColorComponents() == 1 && raster.getNumBands() <= 2;
        int bits = gray ? image.getColorModel().getComponentSize(0) : 8;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (gray) {
                    values[y * w + x] = raster.getSample(x, y, 0);
                } else {
                    int rgb = image.getRGB(x, y);
                    values[y * w + x] = Math.round(0.299f * ((rgb >> 16) & 0xff) + 0.587f * ((rgb >> 8) & 0xff)
                            + 0.114f * (rgb & 0xff));
                }
            }
        }
        boolean lossy = file.getFileName().toString().toLowerCase().matches(".*\\.jpe?g$");
        return new XrayImage(w, h, values, Photometric.MONOCHROME2, List.of(), Optional.empty(), bits, 1,
                StudyInfo.none(lossy));
    }
}
