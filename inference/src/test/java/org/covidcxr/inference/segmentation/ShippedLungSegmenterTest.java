package org.covidcxr.inference.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.covidcxr.dicom.Photometric;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.dicom.XrayImageReader;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.sitetraining.SiteTrainingFixture;
import org.covidcxr.modelstore.BundledModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lung segmenter the shipped default model carries, and the pixel gate built on it: Dice on the held-out masks,
 * no frontal chest film of the {@code cxr} test split flagged, and the films it exists to catch caught (turned,
 * inverted grey scale as a wrong photometric tag gives, not a chest at all).
 */
class ShippedLungSegmenterTest {
    private static final Path SHIPPED = Path.of("..", "model-store", "models");
    private static final Path DICOM = SiteTrainingFixture.sharedCxr().resolveSibling("dicom");
    static Path bundle;
    static PixelGate gate;

    @BeforeAll
    static void open() {
        List<String> versions = BundledModels.fromDirectory(SHIPPED).versions();
        assumeTrue(!versions.isEmpty(), "no shipped model in " + SHIPPED.toAbsolutePath());
        bundle = SHIPPED.resolve(versions.get(versions.size() - 1));
        Optional<PixelGate> opened = PixelGate.open(bundle);
        assertThat(opened).as("the shipped default model carries a lung segmenter").isPresent();
        gate = opened.get();
    }

    @AfterAll
    static void close() {
        if (gate != null) {
            gate.close();
        }
    }

    @Test
    void segmentsTheHeldOutMasksWithDiceAboveNinety() {
        Path masks = SiteTrainingFixture.sharedCxr().resolveSibling("lung-masks");
        assumeTrue(Files.isDirectory(masks), "lung masks missing at " + masks.toAbsolutePath());
        try (LungSegmenter segmenter = LungSegmenter.open(bundle.resolve(PixelGate.FOLDER).resolve("saved_model"),
                128)) {
            MaskedImages data = MaskedImages.load(masks, segmenter.inputSize(), 2);
            double dice = LungSegmenterTrainer.meanDice(data, data.of("test"), batch -> {
                int pixels = data.inputSize() * data.inputSize();
                float[] out = new float[batch.length];
                for (int i = 0; i < batch.length / pixels; i++) {
                    float[] one = java.util.Arrays.copyOfRange(batch, i * pixels, (i + 1) * pixels);
                    System.arraycopy(segmenter.probabilities(one), 0, out, i * pixels, pixels);
                }
                return out;
            });
            assertThat(dice).isGreaterThanOrEqualTo(0.90);
        }
    }

    @Test
    void noFrontalChestFilmOfTheTestSplitIsFlagged() throws Exception {
        List<String> flagged = new ArrayList<>();
        for (LabelledImage image : Datasets.split(Datasets.load(SiteTrainingFixture.sharedCxr()), Datasets.TEST)) {
            gate.check(XrayImageReader.read(image.file())).ifPresent(r -> flagged.add(image.file().getFileName()
                    + ": " + r));
        }
        assertThat(flagged).isEmpty();
    }

    @Test
    void turnedInvertedAndNonChestFilmsAreFlaggedWithTheirReason() throws Exception {
        for (String name : List.of("CR-MONO1-10-chest.dcm", "RG1_J2KI.dcm", "nih_DX_explicitLE.dcm")) {
            XrayImage chest = XrayImageReader.read(DICOM.resolve("real").resolve(name));
            assertThat(gate.check(chest)).as(name).isEmpty();
            assertThat(gate.check(turned(chest))).as(name + " turned").hasValueSatisfying(r ->
                    assertThat(r).containsAnyOf("turned on its side"));
            assertThat(gate.check(withWrongPhotometric(chest))).as(name + " with the other photometric tag")
                    .hasValueSatisfying(r -> assertThat(r).contains("grey scale inverted", "MONOCHROME1/MONOCHROME2"));
        }
        for (String name : List.of("x_plasma12.dcm", "x_wiz12.dcm")) {
            assertThat(gate.check(XrayImageReader.read(DICOM.resolve("conformance/files").resolve(name))))
                    .as(name).hasValueSatisfying(r -> assertThat(r).containsAnyOf("does not look like a chest",
                            "not a frontal chest radiograph"));
        }
    }

    private static XrayImage turned(XrayImage im) {
        int w = im.width();
        int h = im.height();
        float[] v = new float[w * h];
        for (int y = 0; y < w; y++) {
            for (int x = 0; x < h; x++) {
                v[y * h + x] = im.value(y, h - 1 - x);
            }
        }
        return new XrayImage(h, w, v, im.photometric(), im.windows(), im.voiLut(), im.bitsStored(), 1, im.study());
    }

    private static XrayImage withWrongPhotometric(XrayImage im) {
        float[] v = new float[im.width() * im.height()];
        im.values().get(v);
        Photometric other = im.photometric() == Photometric.MONOCHROME1 ? Photometric.MONOCHROME2
                : Photometric.MONOCHROME1;
        return new XrayImage(im.width(), im.height(), v, other, im.windows(), im.voiLut(), im.bitsStored(), 1,
                im.study());
    }
}
