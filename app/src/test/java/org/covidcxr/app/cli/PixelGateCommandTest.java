package org.covidcxr.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.covidcxr.app.TestModels;
import org.covidcxr.inference.segmentation.PixelGate;
import org.covidcxr.modelstore.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code predict} with the shipped default model judges a film by its pixels too: a chest film turned on its side is
 * named as such and not scored unless asked, while the same film upright is scored.
 */
class PixelGateCommandTest {
    @TempDir
    Path temp;

    @Test
    void aTurnedChestFilmIsNamedAndNotScoredWithoutAnyway() throws IOException {
        Path chest = TestModels.sharedData().resolve("cxr/images/normal/nih__00001280_004.png");
        assumeTrue(Files.isRegularFile(chest), "shared data missing at " + chest.toAbsolutePath());
        ModelStore store = TestModels.storeWithActiveModel(temp.resolve("models"));
        Path model = store.requireActive().directory();
        assumeTrue(Files.isDirectory(model.resolve(PixelGate.FOLDER)), "the active model has no lung segmenter");
        BufferedImage upright = ImageIO.read(chest.toFile());
        BufferedImage turned = new BufferedImage(upright.getHeight(), upright.getWidth(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < upright.getHeight(); y++) {
            for (int x = 0; x < upright.getWidth(); x++) {
                turned.getRaster().setSample(upright.getHeight() - 1 - y, x, 0, upright.getRaster().getSample(x, y, 0));
            }
        }
        Path turnedFile = temp.resolve("turned.png");
        ImageIO.write(turned, "png", turnedFile.toFile());

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine predict = new CommandLine(new PredictCommand());
        predict.setOut(new PrintWriter(out, true));
        predict.setErr(new PrintWriter(err, true));
        int exit = predict.execute("--model", model.toString(), chest.toString(), turnedFile.toString());

        assertThat(exit).as("one of two files not analysed").isEqualTo(1);
        assertThat(out.toString()).contains("nih__00001280_004.png", "decision:", "% of the COVID-19 heat map inside the lungs")
                .doesNotContain("turned.png");
        assertThat(err.toString()).contains("turned.png: not analysed: ", "turned on its side", "--anyway");
    }
}
