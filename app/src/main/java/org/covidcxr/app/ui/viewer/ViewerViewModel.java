package org.covidcxr.app.ui.viewer;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.covidcxr.app.imaging.ArgbRaster;
import org.covidcxr.dicom.DisplayPipeline;
import org.covidcxr.dicom.DisplaySettings;
import org.covidcxr.dicom.Window;
import org.covidcxr.dicom.WindowPreset;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.inference.serving.HeatMap;
import org.covidcxr.inference.serving.HeatMapOverlay;

/**
 * The image viewer's state: what is shown (window/level, invert, heat-map overlay) and where (zoom and pan as a
 * scale and offset of the rendered image in the viewport). Rendering runs on the background executor; results are
 * published on the UI executor, newest request wins. A large JPEG 2000 image is first shown at a reduced resolution
 * level and sharpened in place once its full image is decoded.
 */
public final class ViewerViewModel {
    public static final double MIN_SCALE = 0.02;
    public static final double MAX_SCALE = 32;
    public static final double ZOOM_STEP = 1.25;
    /** Window change per pixel dragged, as a fraction of the image's value range. */
    private static final double WINDOW_SENSITIVITY = 1.0 / 400;
    /** The overlay layer's longest side; see renderOverlay. */
    static final int OVERLAY_MAX_SIDE = 1024;

    private final Executor background;
    private final Executor ui;
    private final AtomicLong renderGeneration = new AtomicLong();

    private final ReadOnlyObjectWrapper<XrayImage> image = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ArgbRaster> rendered = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ArgbRaster> overlay = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<Diagnosis> diagnosis = new SimpleObjectProperty<>();

    private final ReadOnlyObjectWrapper<DisplaySettings> display = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<WindowPreset> preset = new ReadOnlyObjectWrapper<>(WindowPreset.FILE_DEFAULT);
    private final ReadOnlyStringWrapper windowText = new ReadOnlyStringWrapper("");

    private final BooleanProperty overlayVisible = new SimpleBooleanProperty(true);
    private final DoubleProperty overlayOpacity = new SimpleDoubleProperty(HeatMapOverlay.DEFAULT_OPACITY);
    private final StringProperty overlayClass = new SimpleStringProperty("covid");
    private final ObservableList<String> overlayClasses = FXCollections.observableArrayList();
    /** The class last chosen for the overlay, kept while an analysis is redone. */
    private String chosenClass = "covid";

    private final DoubleProperty viewportWidth = new SimpleDoubleProperty();
    private final DoubleProperty viewportHeight = new SimpleDoubleProperty();
    private final ReadOnlyDoubleWrapper scale = new ReadOnlyDoubleWrapper(1);
    private final ReadOnlyDoubleWrapper offsetX = new ReadOnlyDoubleWrapper();
    private final ReadOnlyDoubleWrapper offsetY = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper zoomText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper reduced = new ReadOnlyBooleanWrapper();
    private boolean fitMode = true;
    /**
     * The size of the raster on screen, or about to be: {@link #scale} counts screen pixels per pixel of it. It stays
     * the reduced level's while the full image renders, then changes with the raster in one step.
     */
    private int shownWidth;
    private int shownHeight;
    /** The full image's width: the shown one's, but while a reduced level stands in for it. */
    private int fullWidth;

    public ViewerViewModel(Executor background, Executor ui) {
        this.background = background;
        this.ui = ui;
        display.addListener((o, a, b) -> render());
        diagnosis.addListener((o, a, d) -> {
            List<String> classes = d == null ? List.of() : d.classes();
            if (!overlayClasses.equals(classes)) {
                // a selector bound to the class may clear it while its items change: keep the user's choice
                overlayClasses.setAll(classes);
                if (classes.contains(chosenClass)) {
                    overlayClass.set(chosenClass);
                }
            }
            renderOverlay();
        });
        overlayClass.addListener((o, a, b) -> {
            if (b != null) {
                chosenClass = b;
            }
            renderOverlay();
        });
        viewportWidth.addListener((o, a, b) -> refit());
        viewportHeight.addListener((o, a, b) -> refit());
        scale.addListener((o, a, b) -> updateZoomText());
    }

    /** Shows a new image at its default window, fitted; {@code null} clears the viewer. */
    public void show(XrayImage next, Diagnosis analysis) {
        showReduced(next, next == null ? 0 : next.width(), analysis);
    }

    /**
     * Shows a new image as {@link #show} does, as a reduced resolution level standing in for a full image
     * {@code fullWidth} pixels wide (zoom is given at the full image's scale) until {@link #sharpen} brings it.
     */
    public void showReduced(XrayImage level, int fullWidth, Diagnosis analysis) {
        if (level != image.get()) {
            // Never show (or export) the previous image's pixels under this image's analysis while it renders.
            rendered.set(null);
            shownWidth = level == null ? 0 : level.width();
            shownHeight = level == null ? 0 : level.height();
        }
        image.set(level);
        diagnosis.set(analysis);
        preset.set(WindowPreset.FILE_DEFAULT);
        display.set(level == null ? null : DisplaySettings.fileDefault(level));
        this.fullWidth = fullWidth;
        fitMode = true;
        refit();
        render();
    }

    /**
     * Replaces the reduced level on screen with its full image, without a flicker: the reduced raster stays until the
     * full one is rendered, then both change in one step with the scale, so that the image keeps its place and size
     * on screen (fitted stays fitted) and the heat map, stretched over the image, stays registered. The window stays
     * as the user set it; a preset (the file's default unless the user chose another) is applied to the full image.
     */
    public void sharpen(XrayImage full) {
        WindowPreset p = preset.get();
        DisplaySettings settings = p == null ? display.get() : p.settingsFor(full, display.get().invert());
        fullWidth = full.width();
        image.set(full);
        display.set(settings);
        render();
    }

    public void showDiagnosis(Diagnosis analysis) {
        diagnosis.set(analysis);
    }

    // --- window / level -------------------------------------------------------------------------------------

    /** Right-drag: horizontal changes the width, vertical the level (centre), proportional to the value range. */
    public void adjustWindow(double dx, double dy) {
        XrayImage img = image.get();
        if (img == null) {
            return;
        }
        double range = Math.max(1, img.maxValue() - img.minValue());
        Window current = display.get().effectiveWindow(img);
        double width = Math.max(1, current.width() + dx * range * WINDOW_SENSITIVITY);
        double center = current.center() + dy * range * WINDOW_SENSITIVITY;
        preset.set(null);
        display.set(display.get().withWindow(new Window(center, width, "manual")));
    }

    public void applyPreset(WindowPreset p) {
        preset.set(p);
        if (image.get() != null) {
            display.set(p.settingsFor(image.get(), display.get().invert()));
        }
    }

    public void toggleInvert() {
        if (display.get() != null) {
            display.set(display.get().withInvert(!display.get().invert()));
        }
    }

    /** Default window, no inversion, fitted. */
    public void reset() {
        preset.set(WindowPreset.FILE_DEFAULT);
        display.set(image.get() == null ? null : DisplaySettings.fileDefault(image.get()));
        fit();
    }

    // --- zoom / pan -----------------------------------------------------------------------------------------

    public void fit() {
        fitMode = true;
        refit();
    }

    /** 1:1 — one pixel of the full image per screen pixel, centred. */
    public void actualSize() {
        zoomTo((double) fullWidth / shownWidth, viewportWidth.get() / 2, viewportHeight.get() / 2);
    }

    public void zoomIn() {
        zoomBy(ZOOM_STEP, viewportWidth.get() / 2, viewportHeight.get() / 2);
    }

    public void zoomOut() {
        zoomBy(1 / ZOOM_STEP, viewportWidth.get() / 2, viewportHeight.get() / 2);
    }

    /** Zooms keeping the image point under ({@code anchorX}, {@code anchorY}) in place (mouse wheel). */
    public void zoomBy(double factor, double anchorX, double anchorY) {
        zoomTo(scale.get() * factor, anchorX, anchorY);
    }

    private void zoomTo(double newScale, double anchorX, double anchorY) {
        if (image.get() == null) {
            return;
        }
        fitMode = false;
        double s = Math.max(MIN_SCALE, Math.min(MAX_SCALE, newScale));
        double ratio = s / scale.get();
        offsetX.set(anchorX - (anchorX - offsetX.get()) * ratio);
        offsetY.set(anchorY - (anchorY - offsetY.get()) * ratio);
        scale.set(s);
        updateZoomText();
    }

    public void panBy(double dx, double dy) {
        if (image.get() == null) {
            return;
        }
        fitMode = false;
        offsetX.set(offsetX.get() + dx);
        offsetY.set(offsetY.get() + dy);
        updateZoomText();
    }

    /** Pixel of the rendered image under a viewport point (for tests and a future pixel-value readout). */
    public double[] toImage(double viewX, double viewY) {
        return new double[] {(viewX - offsetX.get()) / scale.get(), (viewY - offsetY.get()) / scale.get()};
    }

    private void refit() {
        if (!fitMode || image.get() == null || viewportWidth.get() <= 0 || viewportHeight.get() <= 0) {
            updateZoomText();
            return;
        }
        double s = Math.min(viewportWidth.get() / shownWidth, viewportHeight.get() / shownHeight);
        scale.set(s);
        offsetX.set((viewportWidth.get() - shownWidth * s) / 2);
        offsetY.set((viewportHeight.get() - shownHeight * s) / 2);
        updateZoomText();
    }

    /**
     * A raster of another size than the one on screen replaces it (the full image after its reduced level): the
     * scale changes by the inverse ratio, so the image keeps its place and size on screen.
     */
    private void resizeShown(int width, int height) {
        double ratio = (double) shownWidth / width;
        shownWidth = width;
        shownHeight = height;
        if (fitMode) {
            refit();
        } else {
            scale.set(scale.get() * ratio);
            updateZoomText();
        }
    }

    private void updateZoomText() {
        reduced.set(image.get() != null && shownWidth < fullWidth);
        if (image.get() == null) {
            zoomText.set("");
            return;
        }
        String percent = Math.round(scale.get() * shownWidth / fullWidth * 100) + " %";
        String zoom = fitMode ? "Fit (" + percent + ")" : percent;
        zoomText.set(reduced.get() ? zoom + " · full resolution loading…" : zoom);
    }

    // --- overlay --------------------------------------------------------------------------------------------

    public void toggleOverlay() {
        overlayVisible.set(!overlayVisible.get());
    }

    private void renderOverlay() {
        Diagnosis d = diagnosis.get();
        String cls = overlayClass.get();
        if (d == null || cls == null || !d.classes().contains(cls)) {
            overlay.set(null);
            return;
        }
        HeatMap map = d.heatMap(cls);
        background.execute(() -> {
            // Sampled from the map's grid once, at the size shown: Grad-CAM is coarse, so a layer of at most
            // OVERLAY_MAX_SIDE pixels that the view stretches over the image loses nothing visible.
            double s = Math.min(1, (double) OVERLAY_MAX_SIDE / Math.max(map.width(), map.height()));
            int w = Math.max(1, (int) Math.round(map.width() * s));
            int h = Math.max(1, (int) Math.round(map.height() * s));
            ArgbRaster raster = new ArgbRaster(w, h, HeatMapOverlay.argbLayer(map, w, h));
            ui.execute(() -> {
                if (diagnosis.get() == d && cls.equals(overlayClass.get())) {
                    overlay.set(raster);
                }
            });
        });
    }

    /** The overlay's colour scale, low (left) to high (right), for the legend. */
    public static ArgbRaster legend(int width, int height) {
        int[] argb = new int[width * height];
        for (int x = 0; x < width; x++) {
            int colour = 0xff000000 | HeatMapOverlay.colour((float) x / (width - 1));
            for (int y = 0; y < height; y++) {
                argb[y * width + x] = colour;
            }
        }
        return new ArgbRaster(width, height, argb);
    }

    // --- rendering ------------------------------------------------------------------------------------------

    private void render() {
        XrayImage img = image.get();
        DisplaySettings settings = display.get();
        windowText.set(img == null || settings == null ? "" : describe(img, settings));
        long generation = renderGeneration.incrementAndGet();
        if (img == null || settings == null) {
            rendered.set(null);
            return;
        }
        background.execute(() -> {
            if (generation != renderGeneration.get()) {
                return; // a newer request is queued: skip this one (live window/level drags)
            }
            ArgbRaster raster = ArgbRaster.grey(img.width(), img.height(),
                    DisplayPipeline.render(img, settings).gray8());
            ui.execute(() -> {
                if (generation == renderGeneration.get()) {
                    if (raster.width() != shownWidth || raster.height() != shownHeight) {
                        resizeShown(raster.width(), raster.height());
                    }
                    rendered.set(raster);
                }
            });
        });
    }

    private static String describe(XrayImage img, DisplaySettings settings) {
        Window w = settings.effectiveWindow(img);
        String text = String.format("W %.0f  L %.0f", w.width(), w.center());
        String source = switch (settings.voiSource()) {
            case VOI_LUT -> "VOI LUT from file";
            case MIN_MAX -> "full range";
            case WINDOW -> "";
        };
        return text + (source.isEmpty() ? "" : "  (" + source + ")") + (settings.invert() ? "  inverted" : "");
    }

    // --- properties -----------------------------------------------------------------------------------------

    public ReadOnlyObjectProperty<XrayImage> imageProperty() {
        return image.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ArgbRaster> renderedProperty() {
        return rendered.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ArgbRaster> overlayProperty() {
        return overlay.getReadOnlyProperty();
    }

    /** How the image is displayed (VOI source, window, invert); null without an image. */
    public ReadOnlyObjectProperty<DisplaySettings> displayProperty() {
        return display.getReadOnlyProperty();
    }

    /** The preset in use; null after a manual window/level change. */
    public ReadOnlyObjectProperty<WindowPreset> presetProperty() {
        return preset.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty windowTextProperty() {
        return windowText.getReadOnlyProperty();
    }

    public BooleanProperty overlayVisibleProperty() {
        return overlayVisible;
    }

    public DoubleProperty overlayOpacityProperty() {
        return overlayOpacity;
    }

    public StringProperty overlayClassProperty() {
        return overlayClass;
    }

    public ObservableList<String> overlayClasses() {
        return overlayClasses;
    }

    public DoubleProperty viewportWidthProperty() {
        return viewportWidth;
    }

    public DoubleProperty viewportHeightProperty() {
        return viewportHeight;
    }

    public ReadOnlyDoubleProperty scaleProperty() {
        return scale.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty offsetXProperty() {
        return offsetX.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty offsetYProperty() {
        return offsetY.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty zoomTextProperty() {
        return zoomText.getReadOnlyProperty();
    }

    /** True while the image on screen is a reduced resolution level whose full image is still to come. */
    public ReadOnlyBooleanProperty reducedProperty() {
        return reduced.getReadOnlyProperty();
    }
}
