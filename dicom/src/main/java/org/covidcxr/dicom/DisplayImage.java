package org.covidcxr.dicom;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.covidcxr.files.AtomicFiles;

/**
 * An 8-bit greyscale image ready for the screen, row-major, 0 = black. The pipeline hands the array over without
 * copying (it is re-rendered on every window/level drag); treat it as read-only.
 */
public record DisplayImage(int width, int height, byte[] gray8) {

    public DisplayImage {
        if (width <= 0 || height <= 0 || (long) width * height != gray8.length) {
            throw new IllegalArgumentException("gray8 has " + gray8.length + " bytes, not " + width + " x " + height);
        }
    }

    /** A TYPE_BYTE_GRAY copy of this image, e.g. for SwingFXUtils or ImageIO. */
    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(gray8, 0, target, 0, gray8.length);
        return image;
    }

    /**
     * Writes the image as an 8-bit greyscale PNG. The PNG carries pixels only, no patient metadata, so it is safe
     * to share as long as the image itself has no burned-in identifying text.
     */
    public void writePng(Path file) throws IOException {
        AtomicFiles.PLAIN.write(file, tmp -> {
            if (!ImageIO.write(toBufferedImage(), "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
        });
    }

    /** Grey level at column x, row y, 0..255. */
    public int level(int x, int y) {
        return gray8[y * width + x] & 0xFF;
    }
}
