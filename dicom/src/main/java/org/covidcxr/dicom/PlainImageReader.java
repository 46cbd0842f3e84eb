package org.covidcxr.dicom;

import static org.covidcxr.dicom.ImageReadException.Problem.CORRUPT;
import static org.covidcxr.dicom.ImageReadException.Problem.TOO_LARGE;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * PNG and JPEG → {@link XrayImage} through ImageIO, which keeps 16-bit PNG samples as they are (TYPE_USHORT_GRAY:
 * all 65,536 levels). Grey palettes map to their grey level, colour to BT.601 luminance, alpha is ignored.
 */
final class PlainImageReader {
    private PlainImageReader() {
    }

    /** @param file the whole file, already read */
    static XrayImage read(byte[] file, FileKind kind, long decodeLimit) throws IntakeProblem {
        ImageReader reader = ImageReaders.forFormat(kind == FileKind.PNG ? "png" : "jpeg");
        try (ImageInputStream input = new ByteArrayImageInput(file)) {
            reader.setInput(input, true, true);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            // Worst case while decoding: 4 bands of 16 bits, plus our float copy.
            if ((long) w * h * 12 > decodeLimit) {
                throw new IntakeProblem(TOO_LARGE, String.format("the image is %d x %d pixels, more than the %d MiB "
                        + "this workstation opens. It is not a chest radiograph or it is damaged.", w, h,
                        decodeLimit >> 20));
            }
            BufferedImage image = ImageReaders.readStrictly(reader, reader.getDefaultReadParam());
            Levels levels = levels(image);
            float[] values = new float[levels.values.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = levels.values[i];
            }
            return new XrayImage(w, h, values, Photometric.MONOCHROME2, List.of(), Optional.empty(), levels.bits, 1,
                    StudyInfo.none(kind == FileKind.JPEG));
        } catch (IOException e) {
            throw new IntakeProblem(CORRUPT, "the " + kind.name() + " image cannot be decoded: the file is damaged or "
                    + "incomplete. Ask for it to be sent again.", e);
        } finally {
            reader.dispose();
        }
    }

    private record Levels(int[] values, int bits) {
    }

    private static Levels levels(BufferedImage image) {
        Raster raster = image.getRaster();
        int n = image.getWidth() * image.getHeight();
        if (image.getColorModel() instanceof IndexColorModel palette) {
            int[] indices = raster.getSamples(0, 0, raster.getWidth(), raster.getHeight(), 0, (int[]) null);
            int[] grey = new int[palette.getMapSize()];
            for (int i = 0; i < grey.length; i++) {
                grey[i] = luma(palette.getRed(i), palette.getGreen(i), palette.getBlue(i));
            }
            int[] values = new int[n];
            for (int i = 0; i < n; i++) {
                values[i] = grey[indices[i]];
            }
            return new Levels(values, 8);
        }
        int bits = image.getColorModel().getComponentSize(0);
        int colourBands = image.getColorModel().getNumColorComponents();
        int[] samples = FrameDecoder.samplesOf(raster);
        int bands = raster.getNumBands();
        if (bands == 1) {
            return new Levels(samples, bits);
        }
        int[] values = new int[n];
        for (int p = 0, s = 0; p < n; p++, s += bands) {
            values[p] = colourBands >= 3 ? luma(samples[s], samples[s + 1], samples[s + 2]) : samples[s];
        }
        return new Levels(values, bits);
    }

    private static int luma(int r, int g, int b) {
        return (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
}
