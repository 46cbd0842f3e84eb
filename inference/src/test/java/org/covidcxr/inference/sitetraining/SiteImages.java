package org.covidcxr.inference.sitetraining;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small synthetic grey-scale images for scan tests (just large enough to pass as radiographs): distinct seeds give
 * distinct pixels. */
final class SiteImages {
    private SiteImages() {
    }

    static Path png(Path file, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(image(seed), "png", file.toFile());
        return file;
    }

    static Path jpeg(Path file, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(image(seed), "jpg", file.toFile());
        return file;
    }

    static BufferedImage image(long seed) {
        BufferedImage image = new BufferedImage(160, 128, BufferedImage.TYPE_BYTE_GRAY);
        Random random = new Random(seed);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.getRaster().setSample(x, y, 0, random.nextInt(256));
            }
        }
        return image;
    }
}
