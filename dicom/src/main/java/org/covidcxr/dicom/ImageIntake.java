package org.covidcxr.dicom;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything the workstation takes from an input file, from a single read of it: the decoded image, the image the
 * model analyses ({@link XrayImageReader#readForAnalysis}: a reduced level of a large JPEG 2000 image, else the same
 * object as the image), its DICOM attributes (empty for PNG/JPEG) and the SHA-256 of its bytes (how the audit log and
 * the feedback dataset identify the input without naming the patient). Reading the file once also means that these
 * cannot describe different versions of a file that changes while it is opened.
 */
public record ImageIntake(XrayImage image, XrayImage analysisImage, List<DicomAttributes.Entry> attributes,
                          String sha256) {

    public ImageIntake {
        attributes = List.copyOf(attributes);
    }

    /**
     * Opens and reads the file once, then decodes the image and the analysis image and lists the attributes from
     * those bytes and the one header parse. Slow (run off the UI thread); fails exactly as {@link XrayImageReader#read}
     * does. {@link StagedIntake} gives the analysis image before the full one.
     */
    public static ImageIntake read(Path file) throws ImageReadException {
        return StagedIntake.read(file).full();
    }

    /** A top-level attribute's value by its dictionary keyword (e.g. {@code StudyInstanceUID}), if the file has it. */
    public Optional<String> attribute(String keyword) {
        return attributes.stream().filter(a -> a.depth() == 0 && a.name().equals(keyword)).map(a -> a.value().strip())
                .filter(v -> !v.isEmpty()).findFirst();
    }
}
