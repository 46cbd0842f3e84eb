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
import org.covidcxr.dicom.XrayImage;

/**
 * A decoded image, its DICOM attributes (empty for PNG/JPEG) and the SHA-256 of its file bytes (how the audit log and
 * the feedback dataset identify the input without naming the patient).
 */
public record LoadedImage(Path file, XrayImage image, List<DicomAttributes.Entry> attributes, String sha256) {

    public LoadedImage {
        attributes = List.copyOf(attributes);
    }

    /** Decodes the file, lists its attributes and hashes it from one read; slow (run off the UI thread). */
    public static LoadedImage read(Path file) throws ImageReadException {
        ImageIntake intake = ImageIntake.read(file);
        return new LoadedImage(file, intake.image(), intake.attributes(), intake.sha256());
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
