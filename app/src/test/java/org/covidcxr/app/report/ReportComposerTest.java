package org.covidcxr.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.covidcxr.inference.serving.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportComposerTest {
    @TempDir
    Path temp;

    @Test
    void writesAOnePagePngWithTheImageAndTheVerdictColour() throws IOException {
        BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        image.getGraphics().fillRect(0, 0, 200, 100);
        ReportContent content = new ReportContent(image, "Grad-CAM heat map of class covid", "f".repeat(64),
                "CR, PA", Map.of("covid", 0.7, "normal", 0.2, "pneumonia", 0.1), 0.7, 0.4, Verdict.SUSPECTED,
                "1.0.0", "decision support", List.of("Lateral view (LL)."), ZonedDateTime.now());
        Path file = temp.resolve("out").resolve("report.png");
        ReportComposer.writePng(content, file);

        BufferedImage page = ImageIO.read(file.toFile());
        assertThat(page.getWidth()).isEqualTo(ReportComposer.WIDTH);
        assertThat(page.getHeight()).isEqualTo(ReportComposer.HEIGHT);
        // The white test image is drawn scaled into the black image box at the top of the page.
        assertThat(page.getRGB(ReportComposer.WIDTH / 2, 600) & 0xffffff).isEqualTo(0xffffff);
        assertThat(countRed(page)).isGreaterThan(100); // the verdict "COVID-19 suspected" is written in red
    }

    @Test
    void anIndeterminateVerdictIsWrittenInAmberAndNeverAsACovidCall() throws IOException {
        BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        ReportContent content = new ReportContent(image, "", "f".repeat(64), "CR, PA",
                Map.of("covid", 0.3, "normal", 0.1, "pneumonia", 0.6), 0.3, 0.1, Verdict.INDETERMINATE, "1.2.0",
                "decision support", List.of(), ZonedDateTime.now());
        Path file = temp.resolve("indeterminate.png");
        ReportComposer.writePng(content, file);

        BufferedImage page = ImageIO.read(file.toFile());
        assertThat(countRed(page)).as("nothing in the alarm colour").isZero();
        assertThat(count(page, 0xB9770E)).as("the verdict in amber").isGreaterThan(100);
    }

    private static int count(BufferedImage page, int colour) {
        int n = 0;
        for (int y = 0; y < page.getHeight(); y++) {
            for (int x = 0; x < page.getWidth(); x++) {
                n += (page.getRGB(x, y) & 0xffffff) == colour ? 1 : 0;
            }
        }
        return n;
    }

    private static int countRed(BufferedImage page) {
        int n = 0;
        for (int y = 0; y < page.getHeight(); y += 2) {
            for (int x = 0; x < page.getWidth(); x += 2) {
                int rgb = page.getRGB(x, y);
                if (((rgb >> 16) & 0xff) > 150 && ((rgb >> 8) & 0xff) < 90 && (rgb & 0xff) < 90) {
                    n++;
                }
            }
        }
        return n;
    }
}
