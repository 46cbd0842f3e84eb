package org.covidcxr.app.ui.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.covidcxr.dicom.DisplayPipeline;
import org.covidcxr.dicom.DisplaySettings;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.dicom.phantom.ChestPhantom;
import org.covidcxr.inference.ModelSignature;

/** Images for screenshots drawn by the project's own code: no file, no patient. */
public final class PhantomImages {
    private PhantomImages() {
    }

    /** The phantom as the default display image in a PNG. */
    public static Path png(Path file, int width, int height) throws IOException {
        XrayImage image = ChestPhantom.render(width, height);
        Files.createDirectories(file.toAbsolutePath().getParent());
        DisplayPipeline.render(image, DisplaySettings.fileDefault(image)).writePng(file);
        return file;
    }

    /**
     * A labelled folder for the training wizard: one sub-folder per class with {@code perClass} phantoms, each of
     * its own size so that no two files are duplicates (the scan refuses those); sizes alternate between the
     * classes, so that no class is simply the small one.
     */
    public static Path labelledFolder(Path folder, int perClass) throws IOException {
        int n = 0;
        for (int i = 0; i < perClass; i++) {
            for (String label : ModelSignature.CLASSES) {
                png(folder.resolve(label).resolve("phantom-" + n + ".png"), 256 + 4 * n, 280 + 4 * n);
                n++;
            }
        }
        return folder;
    }
}
