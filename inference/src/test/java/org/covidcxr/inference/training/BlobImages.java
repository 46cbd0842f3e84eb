package org.covidcxr.inference.training;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Synthetic labelled images a network learns in seconds: "covid" has a bright blob, "normal" has none. */
public final class BlobImages {
    private BlobImages() {
    }

    /** Writes {@code perClass} PNGs of {@code size} px into {@code folder/covid/} and {@code folder/normal/}. */
    public static Path classFolders(Path folder, int perClass, int size, long seed) throws IOException {
        Random random = new Random(seed);
        int margin = size / 6;
        for (int i = 0; i < perClass; i++) {
            write(folder.resolve("covid/b" + i + ".png"), image(random, size, true,
                    margin + random.nextInt(size - 2 * margin), margin + random.nextInt(size - 2 * margin)));
            write(folder.resolve("normal/n" + i + ".png"), image(random, size, false, 0, 0));
        }
        return folder;
    }

    /**
     * A smooth random background with noise and a saturated corner marker, plus a bright Gaussian blob centred at
     * (bx, by) when asked. Without the marker the blob would move the upper clipping percentile and darken the
     * whole image, a global shortcut the network would rightly use instead of the blob.
     */
    public static BufferedImage image(Random random, int size, boolean blob, int bx, int by) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        double gx = random.nextDouble() * 0.6 - 0.3;
        double gy = random.nextDouble() * 0.6 - 0.3;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double v = 90 + gx * (x - size / 2.0) + gy * (y - size / 2.0) + random.nextGaussian() * 8;
                if (x < 10 && y < 10) {
                    v = 255; // a burnt-in marker in every image pins the upper clipping percentile for both classes
                } else if (blob) {
                    v += 130 * Math.exp(-((x - bx) * (x - bx) + (y - by) * (y - by)) / (2 * 4.0 * 4.0));
                }
                img.getRaster().setSample(x, y, 0, (int) Math.max(0, Math.min(255, Math.round(v))));
            }
        }
        return img;
    }

    public static void write(Path file, BufferedImage image) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }
}
