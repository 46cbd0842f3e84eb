package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The display pipeline's window formula, inversion, VOI source choice and presets. */
class DisplayPipelineTest {

    /** A 1-row ramp of modality values 0..n-1. */
    private static XrayImage ramp(int n, Photometric photometric, List<Window> windows) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        return new XrayImage(n, 1, values, photometric, windows, Optional.empty(), 12, 1, StudyInfo.none(false));
    }

    @Test
    void linearWindowFollowsPs33Formula() {
        XrayImage image = ramp(4096, Photometric.MONOCHROME2, List.of(new Window(2000, 1001, "")));
        DisplayImage shown = DisplayPipeline.render(image, DisplaySettings.fileDefault(image));
        // c - 0.5 - (w-1)/2 = 1499.5 → 0 at and below; above c - 0.5 + (w-1)/2 = 2499.5 → 255.
        assertThat(shown.level(1499, 0)).isZero();
        assertThat(shown.level(2500, 0)).isEqualTo(255);
        assertThat(shown.level(2000, 0)).isBetween(127, 128);
        for (int x = 1; x < 4096; x++) {
            assertThat(shown.level(x, 0)).isGreaterThanOrEqualTo(shown.level(x - 1, 0));
        }
    }

    @Test
    void widthOneIsAThreshold() {
        XrayImage image = ramp(100, Photometric.MONOCHROME2, List.of(new Window(50, 1, "")));
        DisplayImage shown = DisplayPipeline.render(image, DisplaySettings.fileDefault(image));
        assertThat(shown.level(49, 0)).isZero();
        assertThat(shown.level(50, 0)).isEqualTo(255);
    }

    @Test
    void monochrome1IsInvertedAndUserInvertFlipsAgain() {
        XrayImage mono2 = ramp(1000, Photometric.MONOCHROME2, List.of(new Window(500, 800, "")));
        XrayImage mono1 = ramp(1000, Photometric.MONOCHROME1, List.of(new Window(500, 800, "")));
        DisplayImage normal = DisplayPipeline.render(mono2, DisplaySettings.fileDefault(mono2));
        DisplayImage inverted = DisplayPipeline.render(mono1, DisplaySettings.fileDefault(mono1));
        DisplayImage userInverted = DisplayPipeline.render(mono1, DisplaySettings.fileDefault(mono1).withInvert(true));
        for (int x = 0; x < 1000; x++) {
            assertThat(inverted.level(x, 0)).isCloseTo(255 - normal.level(x, 0), org.assertj.core.data.Offset.offset(1));
            assertThat(userInverted.level(x, 0)).isEqualTo(normal.level(x, 0));
        }
    }

    @Test
    void voiSourceFollowsTheFileThenFallsBackToMinMax() throws Exception {
        Path files = SharedData.dir("dicom/conformance/files");
        assertThat(DisplaySettings.fileDefault(XrayImageReader.read(files.resolve("voilut.dcm"))).voiSource())
                .isEqualTo(DisplaySettings.VoiSource.VOI_LUT);
        assertThat(DisplaySettings.fileDefault(XrayImageReader.read(files.resolve("base.dcm"))).window())
                .contains(new Window(2000, 3000, ""));
        XrayImage noWindow = ramp(300, Photometric.MONOCHROME2, List.of());
        DisplaySettings settings = DisplaySettings.fileDefault(noWindow);
        assertThat(settings.voiSource()).isEqualTo(DisplaySettings.VoiSource.MIN_MAX);
        DisplayImage shown = DisplayPipeline.render(noWindow, settings);
        assertThat(shown.level(0, 0)).isZero();
        assertThat(shown.level(299, 0)).isEqualTo(255);
    }

    @Test
    void userWindowReplacesTheFileVoiAndEffectiveWindowStartsTheDrag() throws Exception {
        XrayImage image = XrayImageReader.read(SharedData.dir("dicom/conformance/files").resolve("voilut.dcm"));
        DisplaySettings fromFile = DisplaySettings.fileDefault(image);
        Window start = fromFile.effectiveWindow(image);
        assertThat(start.width()).isEqualTo(4096);
        DisplaySettings dragged = fromFile.withWindow(new Window(start.center() + 100, start.width() / 2, "user"));
        assertThat(dragged.voiSource()).isEqualTo(DisplaySettings.VoiSource.WINDOW);
        assertThat(DisplayPipeline.render(image, dragged).gray8())
                .isNotEqualTo(DisplayPipeline.render(image, fromFile).gray8());
    }

    @Test
    void presetsCoverDarkToBrightInDisplayOrderForBothPhotometrics() throws Exception {
        Path real = SharedData.dir("dicom/real");
        XrayImage mono1 = XrayImageReader.read(real.resolve("CR-MONO1-10-chest.dcm"));
        XrayImage mono2 = XrayImageReader.read(real.resolve("CR-MONO1-10-chest_inverted_MONOCHROME2_explicitLE.dcm"));
        for (XrayImage image : List.of(mono1, mono2)) {
            double lung = meanLevel(image, WindowPreset.LUNG);
            double bone = meanLevel(image, WindowPreset.BONE);
            // The lung preset spends its grey levels on the dark pixels, so the image as a whole looks brighter.
            assertThat(lung).as(image.photometric() + " lung vs bone").isGreaterThan(bone);
        }
        assertThat(WindowPreset.FULL_RANGE.settingsFor(mono1, false).voiSource())
                .isEqualTo(DisplaySettings.VoiSource.MIN_MAX);
        assertThat(WindowPreset.FILE_DEFAULT.settingsFor(mono1, true))
                .isEqualTo(DisplaySettings.fileDefault(mono1).withInvert(true));
        assertThat(WindowPreset.valueOf("SOFT_TISSUE").label()).isEqualTo("Soft tissue");
    }

    private static double meanLevel(XrayImage image, WindowPreset preset) {
        DisplayImage shown = DisplayPipeline.render(image, preset.settingsFor(image, false));
        long sum = 0;
        for (byte b : shown.gray8()) {
            sum += b & 0xFF;
        }
        return sum / (double) shown.gray8().length;
    }

    @Test
    void bufferedImageCopiesTheGreyLevels() {
        XrayImage image = ramp(256, Photometric.MONOCHROME2, List.of());
        DisplayImage shown = DisplayPipeline.render(image, DisplaySettings.fileDefault(image));
        var buffered = shown.toBufferedImage();
        assertThat(buffered.getType()).isEqualTo(java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        assertThat(buffered.getRaster().getSample(200, 0, 0)).isEqualTo(shown.level(200, 0));
    }
}
