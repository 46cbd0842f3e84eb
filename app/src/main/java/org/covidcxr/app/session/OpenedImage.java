package org.covidcxr.app.session;

import java.nio.file.Path;
import org.covidcxr.app.imaging.ArgbRaster;
import org.covidcxr.dicom.DisplayPipeline;
import org.covidcxr.dicom.DisplaySettings;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.dicom.XrayImage;

/** An image as it joins the worklist: decoded, and its thumbnail. */
public record OpenedImage(LoadedImage loaded, ArgbRaster thumbnail) {

    /** Decodes the file and renders its thumbnail; slow (run off the UI thread). */
    public static OpenedImage open(Path file, int thumbnailSize) throws ImageReadException {
        LoadedImage loaded = LoadedImage.read(file);
        return new OpenedImage(loaded, thumbnail(loaded.image(), thumbnailSize));
    }

    /** Rendered from a decimated copy: a full-size render of a 2000 × 2000 film for 60 pixels would waste 4 MB. */
    static ArgbRaster thumbnail(XrayImage image, int size) {
        XrayImage small = image.decimated(2 * size);
        return ArgbRaster.greyScaledToFit(small.width(), small.height(),
                DisplayPipeline.render(small, DisplaySettings.fileDefault(small)).gray8(), size);
    }

    /** Why the file could not be opened, in words for the user. */
    public static String problem(Path file, Throwable e) {
        if (e instanceof ImageReadException) {
            return e.getMessage();
        }
        if (e instanceof OutOfMemoryError) {
            return file.getFileName() + ": there is not enough memory to open this image now. Close other images or "
                    + "programs and open it again.";
        }
        return file.getFileName() + ": could not be opened (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                + "). If other viewers open it, please report the file to your support.";
    }
}
