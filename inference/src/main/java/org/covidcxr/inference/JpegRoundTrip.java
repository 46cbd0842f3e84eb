package org.covidcxr.inference;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** An 8-bit grey image compressed as JPEG at a given quality and decoded again, as another site's software might. */
public final class JpegRoundTrip {

    private JpegRoundTrip() {
    }

    /** @param quality 0..1, as {@link ImageWriteParam#setCompressionQuality} takes it */
    public static BufferedImage of(BufferedImage grey, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
                writer.write(null, new IIOImage(grey, null, null), param);
            }
            return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG re-compression in memory failed: " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
    }
}
