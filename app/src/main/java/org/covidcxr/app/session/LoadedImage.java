package org.covidcxr.app.session;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.covidcxr.dicom.DicomAttributes;
import org.covidcxr.dicom.ImageIntake;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.dicom.StagedIntake;
import org.covidcxr.dicom.XrayImage;

/**
 * A decoded image, the image the model analyses, its DICOM attributes (empty for PNG/JPEG) and the SHA-256 of its file
 * bytes (how the audit log and the feedback dataset identify the input without naming the patient).
 *
 * @param image         what is shown, exported and labelled: the full image, or while {@link #reduced()} the reduced
 *                      resolution level standing in for it until it is decoded
 * @param analysisImage what the model analyses ({@link org.covidcxr.dicom.XrayImageReader#readForAnalysis}): a reduced
 *                      level of a large JPEG 2000 image, else the same object as the full image
 * @param fullWidth     the full image's width
 */
public record LoadedImage(Path file, XrayImage image, XrayImage analysisImage, List<DicomAttributes.Entry> attributes,
                          String sha256, int fullWidth) {

    public LoadedImage {
        attributes = List.copyOf(attributes);
    }

    /** Decodes the file whole, lists its attributes and hashes it from one read; slow (run off the UI thread). */
    public static LoadedImage read(Path file) throws ImageReadException {
        return of(file, ImageIntake.read(file));
    }

    /** The whole intake: the full image beside its analysis image. */
    public static LoadedImage of(Path file, ImageIntake intake) {
        return new LoadedImage(file, intake.image(), intake.analysisImage(), intake.attributes(), intake.sha256(),
                intake.image().width());
    }

    /** The image as first shown: its analysis image, a reduced level, until the full image is decoded. */
    public static LoadedImage reducedLevel(Path file, StagedIntake intake) {
        return new LoadedImage(file, intake.analysisImage(), intake.analysisImage(), intake.attributes(),
                intake.sha256(), intake.fullWidth());
    }

    /** True while {@link #image} is a reduced resolution level standing in for the full image. */
    public boolean reduced() {
        return image.width() < fullWidth;
    }

    /** The SHA-256 of any file (e.g. a model manifest); images get theirs from {@link #read}. */
    public static String sha256(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
