package org.covidcxr.app.session;

import java.nio.file.Path;
import java.util.Optional;
import org.covidcxr.app.imaging.ArgbRaster;
import org.covidcxr.dicom.DisplayPipeline;
import org.covidcxr.dicom.DisplaySettings;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.dicom.StagedIntake;
import org.covidcxr.dicom.XrayImage;

/**
 * An image as it joins the worklist: decoded, and its thumbnail. A large JPEG 2000 image joins at the reduced level
 * the model analyses (shown and analysed at once), and its full image is still to decode from the same read.
 *
 * @param fullImage what decodes the full image, when {@code loaded} is a reduced level
 */
public record OpenedImage(LoadedImage loaded, ArgbRaster thumbnail, Optional<StagedIntake> fullImage) {

    /** Decodes the file (a large JPEG 2000 at a reduced level) and renders its thumbnail; slow (off the UI thread). */
    public static OpenedImage open(Path file, int thumbnailSize) throws ImageReadException {
        StagedIntake intake = StagedIntake.read(file);
        LoadedImage loaded = intake.reduced() ? LoadedImage.reducedLevel(file, intake)
                : LoadedImage.of(file, intake.full());
        return new OpenedImage(loaded, thumbnail(loaded.image(), thumbnailSize),
                intake.reduced() ? Optional.of(intake) : Optional.empty());
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
