package org.covidcxr.dicom;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Everything the workstation takes from an input file, from a single read of it: the decoded image, its DICOM
 * attributes (empty for PNG/JPEG) and the SHA-256 of its bytes (how the audit log and the feedback dataset identify
 * the input without naming the patient). Reading the file once also means the three cannot describe different
 * versions of a file that changes while it is opened.
 */
public record ImageIntake(XrayImage image, List<DicomAttributes.Entry> attributes, String sha256) {

    public ImageIntake {
        attributes = List.copyOf(attributes);
    }

    /**
     * Opens and reads the file once, then decodes and lists the attributes from those bytes and the one header
     * parse. Slow (run off the UI thread); fails exactly as {@link XrayImageReader#read} does.
     */
    public static ImageIntake read(Path file) throws ImageReadException {
        return XrayImageReader.guarded(file, () -> {
            byte[] bytes = FileBytes.read(file, XrayImageReader.MAX_FILE_BYTES);
            DecodedImage decoded = XrayImageReader.decode(bytes);
            return new ImageIntake(decoded.image(), DicomAttributes.of(decoded.header()), sha256(bytes));
        });
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A top-level attribute's value by its dictionary keyword (e.g. {@code StudyInstanceUID}), if the file has it. */
    public Optional<String> attribute(String keyword) {
        return attributes.stream().filter(a -> a.depth() == 0 && a.name().equals(keyword)).map(a -> a.value().strip())
                .filter(v -> !v.isEmpty()).findFirst();
    }
}
