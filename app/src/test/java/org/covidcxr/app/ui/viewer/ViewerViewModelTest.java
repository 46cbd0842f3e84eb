package org.covidcxr.app.ui.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.covidcxr.app.imaging.ArgbRaster;
import org.covidcxr.dicom.DisplaySettings;
import org.covidcxr.dicom.WindowPreset;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.dicom.phantom.ChestPhantom;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.inference.serving.HeatMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The viewer's ViewModel without JavaFX running: same-thread executors, real display pipeline. */
class ViewerViewModelTest {
    private final XrayImage phantom = ChestPhantom.render(200, 100);
    private ViewerViewModel vm;

    @BeforeEach
    void showPhantomIn400x400() {
        vm = new ViewerViewModel(Runnable::run, Runnable::run);
        vm.viewportWidthProperty().set(400);
        vm.viewportHeightProperty().set(400);
        vm.show(phantom, null);
    }

    @Test
    void fitsTheImageCentredAndRendersIt() {
        assertThat(vm.scaleProperty().get()).isEqualTo(2.0);
        assertThat(vm.offsetXProperty().get()).isEqualTo(0.0);
        assertThat(vm.offsetYProperty().get()).isEqualTo(100.0);
        assertThat(vm.zoomTextProperty().get()).isEqualTo("Fit (200 %)");
        ArgbRaster raster = vm.renderedProperty().get();
        assertThat(raster.width()).isEqualTo(200);
        assertThat(raster.height()).isEqualTo(100);
    }

    @Test
    void wheelZoomKeepsThePointUnderTheCursorAndPanMoves() {
        double[] before = vm.toImage(123, 217);
        vm.zoomBy(ViewerViewModel.ZOOM_STEP, 123, 217);
        assertThat(vm.scaleProperty().get()).isEqualTo(2.5);
        assertThat(vm.toImage(123, 217)).containsExactly(before, within(1e-9));
        vm.panBy(10, -5);
        assertThat(vm.toImage(133, 212)).containsExactly(before, within(1e-9));
        vm.actualSize();
        assertThat(vm.scaleProperty().get()).isEqualTo(1.0);
        assertThat(vm.zoomTextProperty().get()).isEqualTo("100 %");
        vm.fit();
        assertThat(vm.scaleProperty().get()).isEqualTo(2.0);
    }

    @Test
    void anotherImageNeverAppearsWithThePreviousImagesPixelsWhileItRenders() {
        List<Runnable> queued = new java.util.ArrayList<>();
        ViewerViewModel slow = new ViewerViewModel(queued::add, Runnable::run);
        slow.show(phantom, null);
        runAll(queued);
        ArgbRaster first = slow.renderedProperty().get();
        assertThat(first.width()).isEqualTo(200);

        slow.adjustWindow(10, 0);
        assertThat(slow.renderedProperty().get()).as("same image: the old raster stays until the new one").isSameAs(first);
        runAll(queued);

        slow.show(ChestPhantom.render(120, 160), null);
        assertThat(slow.renderedProperty().get()).as("another image, not rendered yet").isNull();
        runAll(queued);
        assertThat(slow.renderedProperty().get().width()).isEqualTo(120);
    }

    @Test
    void aReducedLevelIsSharpenedInPlaceWithoutAFrameWithoutPixels() {
        XrayImage full = ChestPhantom.render(400, 200);
        List<Runnable> queued = new java.util.ArrayList<>();
        List<ArgbRaster> shown = new java.util.ArrayList<>();
        ViewerViewModel slow = new ViewerViewModel(queued::add, Runnable::run);
        slow.viewportWidthProperty().set(400);
        slow.viewportHeightProperty().set(400);
        slow.renderedProperty().addListener((o, was, raster) -> shown.add(raster));
        slow.showReduced(phantom, 400, null);
        runAll(queued);
        assertThat(slow.scaleProperty().get()).isEqualTo(2.0);
        assertThat(slow.zoomTextProperty().get()).as("zoom at the full image's scale")
                .isEqualTo("Fit (100 %) · full resolution loading…");
        assertThat(slow.reducedProperty().get()).isTrue();

        slow.sharpen(full);
        assertThat(slow.renderedProperty().get().width()).as("the level stays until the full image is rendered")
                .isEqualTo(200);
        assertThat(slow.scaleProperty().get()).isEqualTo(2.0);
        runAll(queued);

        assertThat(shown).extracting(ArgbRaster::width).containsExactly(200, 400);
        assertThat(slow.scaleProperty().get()).as("fitted stays fitted").isEqualTo(1.0);
        assertThat(slow.offsetYProperty().get()).isEqualTo(100.0);
        assertThat(slow.zoomTextProperty().get()).isEqualTo("Fit (100 %)");
        assertThat(slow.reducedProperty().get()).isFalse();
        assertThat(slow.displayProperty().get()).isEqualTo(DisplaySettings.fileDefault(full));
    }

    @Test
    void sharpeningKeepsTheUsersZoomPanAndWindow() {
        XrayImage full = ChestPhantom.render(400, 200);
        vm.showReduced(phantom, 400, null);
        vm.zoomBy(ViewerViewModel.ZOOM_STEP, 123, 217);
        vm.panBy(10, -5);
        vm.adjustWindow(40, 20);
        DisplaySettings window = vm.displayProperty().get();
        double[] underCursor = vm.toImage(150, 170);
        double[] offset = {vm.offsetXProperty().get(), vm.offsetYProperty().get()};
        assertThat(vm.zoomTextProperty().get()).isEqualTo("125 % · full resolution loading…");

        vm.sharpen(full);

        assertThat(vm.scaleProperty().get()).isEqualTo(1.25);
        assertThat(new double[] {vm.offsetXProperty().get(), vm.offsetYProperty().get()}).isEqualTo(offset);
        assertThat(vm.toImage(150, 170)).as("the same point of the film, in full-resolution pixels")
                .containsExactly(new double[] {2 * underCursor[0], 2 * underCursor[1]}, within(1e-9));
        assertThat(vm.zoomTextProperty().get()).isEqualTo("125 %");
        assertThat(vm.displayProperty().get()).isEqualTo(window);
        assertThat(vm.presetProperty().get()).isNull();

        vm.showReduced(phantom, 400, null);
        vm.applyPreset(WindowPreset.LUNG);
        vm.sharpen(full);
        assertThat(vm.presetProperty().get()).isEqualTo(WindowPreset.LUNG);
        assertThat(vm.displayProperty().get()).isEqualTo(WindowPreset.LUNG.settingsFor(full, false));
    }

    private static void runAll(List<Runnable> queued) {
        List<Runnable> tasks = List.copyOf(queued);
        queued.clear();
        tasks.forEach(Runnable::run);
    }

    @Test
    void rightDragChangesWindowAndLevelPresetsInvertAndReset() {
        String initial = vm.windowTextProperty().get();
        int centre = grey(vm.renderedProperty().get(), 100, 50);
        vm.adjustWindow(40, 0);
        assertThat(vm.windowTextProperty().get()).isNotEqualTo(initial).startsWith("W ");
        assertThat(vm.presetProperty().get()).isNull();
        vm.adjustWindow(0, 60);
        assertThat(grey(vm.renderedProperty().get(), 100, 50)).isNotEqualTo(centre);

        vm.applyPreset(WindowPreset.LUNG);
        assertThat(vm.displayProperty().get().voiSource()).isEqualTo(DisplaySettings.VoiSource.WINDOW);
        assertThat(vm.presetProperty().get()).isEqualTo(WindowPreset.LUNG);
        vm.reset();
        assertThat(vm.windowTextProperty().get()).isEqualTo(initial);
        assertThat(grey(vm.renderedProperty().get(), 100, 50)).isEqualTo(centre);

        vm.toggleInvert();
        assertThat(grey(vm.renderedProperty().get(), 100, 50)).isEqualTo(255 - centre);
    }

    @Test
    void overlayFollowsTheChosenClassAndItsToggle() {
        float[] values = new float[200 * 100];
        values[50 * 200 + 100] = 1f;
        HeatMap hot = new HeatMap(200, 100, values);
        HeatMap cold = new HeatMap(200, 100, new float[200 * 100]);
        vm.showDiagnosis(new Diagnosis("t", ModelSignature.CLASSES, new float[] {0.6f, 0.3f, 0.1f},
                new float[3], 0.5f, 0.5f, List.of(hot, cold, cold),
                java.util.OptionalDouble.empty()));
        assertThat(vm.overlayClasses()).containsExactlyElementsOf(ModelSignature.CLASSES);
        ArgbRaster overlay = vm.overlayProperty().get();
        assertThat(overlay.pixel(100, 50) >>> 24).isEqualTo(255);
        assertThat(overlay.pixel(0, 0) >>> 24).isZero();

        vm.overlayClassProperty().set("normal");
        assertThat(vm.overlayProperty().get().pixel(100, 50) >>> 24).isZero();
        vm.toggleOverlay();
        assertThat(vm.overlayVisibleProperty().get()).isFalse();
    }

    private static int grey(ArgbRaster raster, int x, int y) {
        return raster.pixel(x, y) & 0xff;
    }
}
