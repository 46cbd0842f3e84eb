package org.covidcxr.app.ui.viewer;

import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;
import org.covidcxr.app.ui.controls.Views;

/**
 * The image viewer: the radiograph and its heat map in one transformed group, so the overlay stays registered at
 * every zoom and pan, and the heat map's legend in a strip below. Left-drag pans, right-drag changes window/level, the wheel zooms at the cursor, a double
 * click fits.
 */
public final class ViewerView extends VBox {
    private final ViewerViewModel viewModel;

    @FXML private Pane canvas;
    @FXML private Group layers;
    @FXML private ImageView imageView;
    @FXML private ImageView overlayView;
    @FXML private Label windowLabel;
    @FXML private Label zoomLabel;
    @FXML private VBox legend;
    @FXML private ImageView legendBar;
    @FXML private Label emptyLabel;
    @FXML private Label overlayHiddenLabel;

    private double lastX;
    private double lastY;

    public ViewerView(ViewerViewModel viewModel) {
        this.viewModel = viewModel;
        Views.load(this);
    }

    @FXML
    private void initialize() {
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(canvas.widthProperty());
        clip.heightProperty().bind(canvas.heightProperty());
        canvas.setClip(clip);
        viewModel.viewportWidthProperty().bind(canvas.widthProperty());
        viewModel.viewportHeightProperty().bind(canvas.heightProperty());

        Translate translate = new Translate();
        translate.xProperty().bind(viewModel.offsetXProperty());
        translate.yProperty().bind(viewModel.offsetYProperty());
        Scale scale = new Scale();
        scale.xProperty().bind(viewModel.scaleProperty());
        scale.yProperty().bind(viewModel.scaleProperty());
        layers.getTransforms().setAll(translate, scale);

        viewModel.renderedProperty().addListener((o, a, raster) -> imageView.setImage(Views.toImage(raster)));
        // The heat map is coarser than the image: stretched over exactly the image's extent, both layers share one
        // transform, so the overlay stays registered at every zoom and pan.
        viewModel.overlayProperty().addListener((o, a, raster) -> overlayView.setImage(Views.toImage(raster)));
        overlayView.fitWidthProperty().bind(Bindings.createDoubleBinding(
                () -> imageView.getImage() == null ? 0 : imageView.getImage().getWidth(), imageView.imageProperty()));
        overlayView.fitHeightProperty().bind(Bindings.createDoubleBinding(
                () -> imageView.getImage() == null ? 0 : imageView.getImage().getHeight(), imageView.imageProperty()));
        overlayView.visibleProperty().bind(viewModel.overlayVisibleProperty().and(viewModel.overlayProperty().isNotNull()));
        overlayView.opacityProperty().bind(viewModel.overlayOpacityProperty());
        legend.visibleProperty().bind(overlayView.visibleProperty());
        overlayHiddenLabel.visibleProperty().bind(viewModel.overlayProperty().isNotNull()
                .and(viewModel.overlayVisibleProperty().not()));
        legendBar.setImage(Views.toImage(ViewerViewModel.legend(256, 12)));

        windowLabel.textProperty().bind(viewModel.windowTextProperty());
        zoomLabel.textProperty().bind(viewModel.zoomTextProperty());
        emptyLabel.visibleProperty().bind(viewModel.imageProperty().isNull());

        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            lastX = e.getX();
            lastY = e.getY();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                viewModel.fit();
            }
        });
        canvas.addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() != 0) {
                viewModel.zoomBy(e.getDeltaY() > 0 ? ViewerViewModel.ZOOM_STEP : 1 / ViewerViewModel.ZOOM_STEP,
                        e.getX(), e.getY());
            }
        });
    }

    private void dragged(MouseEvent e) {
        double dx = e.getX() - lastX;
        double dy = e.getY() - lastY;
        lastX = e.getX();
        lastY = e.getY();
        if (e.getButton() == MouseButton.SECONDARY) {
            viewModel.adjustWindow(dx, dy);
        } else if (e.getButton() == MouseButton.PRIMARY) {
            viewModel.panBy(dx, dy);
        }
    }
}
