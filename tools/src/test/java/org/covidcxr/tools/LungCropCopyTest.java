package org.covidcxr.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.covidcxr.dicom.XrayImageReader;
import org.covidcxr.inference.Letterbox;
import org.covidcxr.inference.segmentation.LungMask;
import org.covidcxr.inference.segmentation.PixelGate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lung crop with the shipped model's segmenter on real films, against their hand-drawn lung masks. */
class LungCropCopyTest {
    private static final Path SHARED = Path.of(System.getProperty("covidcxr.shared.data", "../shared/data"));
    private static final Path SHIPPED = Path.of("..", "model-store", "models", "1.1.1");
    private static final List<String> FILMS = List.of(
            "images/covid/ieee8023__01E392EE-69F9-4E33-BFCE-E5C968654078.png",
            "images/covid/ieee8023__03BF7561-A9BA-4C3C-B8A0-D3E585F73F3C.png");

    @TempDir
    Path tmp;

    @Test
    void cropsEachFilmToItsLungsKeepingTheHandDrawnLungFields() throws Exception {
        assumeTrue(Files.isDirectory(SHARED.resolve("lung-masks")), "shared data missing at "
                + SHARED.toAbsolutePath() + ": the lung crop is checked against its hand-drawn lung masks");
        assumeTrue(Files.isDirectory(SHIPPED.resolve(PixelGate.FOLDER)), "no shipped segmenter in "
                + SHIPPED.toAbsolutePath());
        Path data = tmp.resolve("data");
        List<String> manifest = new ArrayList<>(List.of("file,label"));
        for (String film : FILMS) {
            Files.createDirectories(data.resolve(film).getParent());
            Files.copy(SHARED.resolve("cxr").resolve(film), data.resolve(film));
            manifest.add(film + ",covid");
        }
        Files.write(data.resolve("manifest.csv"), manifest, StandardCharsets.UTF_8);
        Path out = tmp.resolve("cropped");

        assertThat(Tools.commandLine().execute("lung-crop", "--data", data.toString(), "--bundle",
                SHIPPED.toString(), "--out", out.toString(), "--lung-masks",
                SHARED.resolve("lung-masks").toString())).isZero();

        assertThat(Files.readAllLines(out.resolve("manifest.csv"))).isEqualTo(manifest);
        try (PixelGate gate = PixelGate.open(SHIPPED).orElseThrow()) {
            for (String film : FILMS) {
                BufferedImage original = ImageIO.read(data.resolve(film).toFile());
                BufferedImage cropped = ImageIO.read(out.resolve(film).toFile());
                Rectangle crop = LungCropCopy.crop(gate.lungs(XrayImageReader.read(data.resolve(film))),
                        original.getWidth(), original.getHeight(), 0.1).orElseThrow();
                assertThat(cropped.getWidth()).isEqualTo(crop.width);
                assertThat(cropped.getHeight()).isEqualTo(crop.height);
                assertThat((double) crop.width * crop.height).as(film + ": less than the whole film")
                        .isLessThan(0.9 * original.getWidth() * original.getHeight());
                BufferedImage lungs = ImageIO.read(SHARED.resolve("lung-masks").resolve(film).toFile());
                assertThat(insideShare(lungs, crop)).as(film + ": hand-drawn lung pixels inside the crop")
                        .isGreaterThan(0.97);
                assertThat(cropped.getRGB(0, 0)).isEqualTo(original.getRGB(crop.x, crop.y));
                BufferedImage croppedLungs = ImageIO.read(tmp.resolve("lung-masks").resolve(film).toFile());
                assertThat(croppedLungs.getWidth()).as("the mask cropped alike").isEqualTo(crop.width);
                assertThat(croppedLungs.getRGB(crop.width / 2, crop.height / 2))
                        .isEqualTo(lungs.getRGB(crop.x + crop.width / 2, crop.y + crop.height / 2));
            }
        }
    }

    @Test
    void aSpeckOfLungIsNoCropAndTheMarginStaysInsideTheFilm() {
        Letterbox box = Letterbox.fit(100, 100, 10);
        boolean[] speck = new boolean[100];
        speck[55] = true;
        assertThat(LungCropCopy.crop(new LungMask(speck, box), 100, 100, 0.1)).as("1 % of the film").isEmpty();
        boolean[] most = new boolean[100];
        for (int v = 1; v < 9; v++) {
            for (int u = 0; u < 9; u++) {
                most[v * 10 + u] = true;
            }
        }
        assertThat(LungCropCopy.crop(new LungMask(most, box), 100, 100, 0.1))
                .contains(new Rectangle(0, 2, 99, 96));
    }

    private static double insideShare(BufferedImage mask, Rectangle crop) {
        long inside = 0;
        long all = 0;
        for (int y = 0; y < mask.getHeight(); y++) {
            for (int x = 0; x < mask.getWidth(); x++) {
                if ((mask.getRaster().getSample(x, y, 0)) > 127) {
                    all++;
                    inside += crop.contains(x, y) ? 1 : 0;
                }
            }
        }
        return (double) inside / all;
    }
}
