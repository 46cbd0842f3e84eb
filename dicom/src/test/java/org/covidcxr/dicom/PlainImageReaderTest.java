package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PNG and JPEG intake: 16-bit depth kept, colour and palettes reduced to luminance. */
class PlainImageReaderTest {
    @TempDir
    Path dir;

    @Test
    void sixteenBitPngKeepsAll65536Levels() throws Exception {
        BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = image.getRaster();
        for (int i = 0; i < 65536; i++) {
            raster.setSample(i % 256, i / 256, 0, i);
        }
        Path png = dir.resolve("levels16.png");
        ImageIO.write(image, "png", png.toFile());
        XrayImage read = XrayImageReader.read(png);
        assertThat(read.bitsStored()).isEqualTo(16);
        Set<Float> levels = new HashSet<>();
        for (int i = 0; i < 65536; i++) {
            assertThat(read.values().get(i)).isEqualTo((float) i);
            levels.add(read.values().get(i));
        }
        assertThat(levels).hasSize(65536);
    }

    @Test
    void conformancePngsMatchTheirDicomTwins() throws Exception {
        Path files = SharedData.dir("dicom/conformance/files");
        assertThat(XrayImageReader.read(files.resolve("u8.png")).values())
                .isEqualTo(XrayImageReader.read(files.resolve("u8.dcm")).values());
        XrayImage u12 = XrayImageReader.read(files.resolve("u12.png"));
        assertThat(u12.bitsStored()).isEqualTo(16);
        assertThat(u12.maxValue()).isGreaterThan(255);
    }

    @Test
    void colourBecomesLuminanceAndPalettesTheirGreyLevel() throws Exception {
        BufferedImage rgb = new BufferedImage(4, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, Color.WHITE.getRGB());
        rgb.setRGB(1, 0, Color.RED.getRGB());
        rgb.setRGB(2, 0, Color.GREEN.getRGB());
        rgb.setRGB(3, 0, new Color(100, 100, 100).getRGB());
        Path rgbPng = dir.resolve("rgb.png");
        ImageIO.write(rgb, "png", rgbPng.toFile());
        XrayImage fromRgb = XrayImageReader.read(rgbPng);
        assertThat(fromRgb.values().get(0)).isEqualTo(255f);
        assertThat(fromRgb.values().get(1)).isEqualTo(76f);
        assertThat(fromRgb.values().get(2)).isEqualTo(150f);
        assertThat(fromRgb.values().get(3)).isEqualTo(100f);

        byte[] grey = {0, (byte) 128, (byte) 255};
        byte[] red = {0, (byte) 255, 0};
        byte[] zero = {0, 0, 0};
        BufferedImage palette = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(2, 3, red, zero, grey));
        palette.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 1, 2});
        Path palettePng = dir.resolve("palette.png");
        ImageIO.write(palette, "png", palettePng.toFile());
        XrayImage fromPalette = XrayImageReader.read(palettePng);
        assertThat(fromPalette.values().get(0)).isEqualTo(0f);
        assertThat(fromPalette.values().get(1)).isEqualTo((float) Math.round(0.299 * 255 + 0.114 * 128));
        assertThat(fromPalette.values().get(2)).isEqualTo((float) Math.round(0.114 * 255));
    }

    @Test
    void colourJpegIsReadAsLossyLuminance() throws Exception {
        BufferedImage rgb = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = rgb.createGraphics();
        g.setColor(new Color(90, 90, 90));
        g.fillRect(0, 0, 32, 32);
        g.dispose();
        Path jpeg = dir.resolve("grey.jpg");
        ImageIO.write(rgb, "jpeg", jpeg.toFile());
        XrayImage read = XrayImageReader.read(jpeg);
        assertThat(read.study().lossyCompressed()).isTrue();
        assertThat(read.values().get(16 * 32 + 16)).isBetween(88f, 92f);
    }
}
