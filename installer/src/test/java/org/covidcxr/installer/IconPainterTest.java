package org.covidcxr.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IconPainterTest {

    @Test
    void writesAPngIcoAndIcnsThatDecode(@TempDir Path folder) throws IOException {
        IconPainter.writeAll(folder);

        BufferedImage png = ImageIO.read(folder.resolve("covidcxr.png").toFile());
        assertThat(png.getWidth()).isEqualTo(256);
        assertThat(png.getHeight()).isEqualTo(256);
        assertThat(png.getRGB(0, 0) >>> 24).as("rounded corner is transparent").isZero();
        assertThat(png.getRGB(128, 128) >>> 24).as("centre is opaque").isEqualTo(255);

        ByteBuffer ico = ByteBuffer.wrap(Files.readAllBytes(folder.resolve("covidcxr.ico")))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(ico.getShort(2)).as("ICO type").isEqualTo((short) 1);
        int count = ico.getShort(4);
        assertThat(count).isEqualTo(4);
        for (int i = 0; i < count; i++) {
            int entry = 6 + 16 * i;
            int declared = Byte.toUnsignedInt(ico.get(entry)) == 0 ? 256 : Byte.toUnsignedInt(ico.get(entry));
            BufferedImage image = decode(ico.array(), ico.getInt(entry + 12), ico.getInt(entry + 8));
            assertThat(image.getWidth()).isEqualTo(declared);
        }

        ByteBuffer icns = ByteBuffer.wrap(Files.readAllBytes(folder.resolve("covidcxr.icns")));
        assertThat(new String(icns.array(), 0, 4)).isEqualTo("icns");
        assertThat(icns.getInt(4)).isEqualTo(icns.capacity());
        int offset = 8;
        int entries = 0;
        while (offset < icns.capacity()) {
            int length = icns.getInt(offset + 4);
            BufferedImage image = decode(icns.array(), offset + 8, length - 8);
            assertThat(image.getWidth()).isIn(128, 256, 512);
            offset += length;
            entries++;
        }
        assertThat(entries).isEqualTo(3);
    }

    @Test
    void paintsTheSameIconEveryTime() {
        BufferedImage a = IconPainter.paint();
        BufferedImage b = IconPainter.paint();
        int size = a.getWidth();
        assertThat(a.getRGB(0, 0, size, size, null, 0, size)).isEqualTo(b.getRGB(0, 0, size, size, null, 0, size));
    }

    private static BufferedImage decode(byte[] bytes, int offset, int length) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Arrays.copyOfRange(bytes, offset, offset + length)));
        assertThat(image).as("PNG payload at " + offset).isNotNull();
        return image;
    }
}
