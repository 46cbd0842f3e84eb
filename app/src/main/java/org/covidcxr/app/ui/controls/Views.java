package org.covidcxr.app.ui.controls;

import java.io.IOException;
import java.io.UncheckedIOException;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import org.covidcxr.app.imaging.ArgbRaster;

/** Helpers every view shares: loading its FXML (the view is root and controller) and showing rasters. */
public final class Views {
    private Views() {
    }

    /** Loads {@code <ViewClass>.fxml} beside the class, with the view as {@code fx:root} and controller. */
    public static void load(Object view) {
        FXMLLoader loader = new FXMLLoader(view.getClass().getResource(view.getClass().getSimpleName() + ".fxml"));
        loader.setRoot(view);
        loader.setController(view);
        try {
            loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("the view " + view.getClass().getSimpleName() + " could not be built", e);
        }
    }

    /**
     * Asks {@code question} with {@code text} in a dialog over {@code owner}'s window; whether the user chose OK.
     * Cancel is the default button: a confirmation is never given by pressing Enter.
     */
    public static boolean confirm(Node owner, String question, String text) {
        Alert dialog = new Alert(Alert.AlertType.CONFIRMATION, text, ButtonType.CANCEL, ButtonType.OK);
        dialog.initOwner(owner.getScene().getWindow());
        dialog.setHeaderText(question);
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.OK)).setDefaultButton(false);
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        return dialog.showAndWait().filter(ButtonType.OK::equals).isPresent();
    }

    public static WritableImage toImage(ArgbRaster raster) {
        if (raster == null) {
            return null;
        }
        WritableImage image = new WritableImage(raster.width(), raster.height());
        image.getPixelWriter().setPixels(0, 0, raster.width(), raster.height(), PixelFormat.getIntArgbInstance(),
                raster.pixels(), 0, raster.width());
        return image;
    }
}
