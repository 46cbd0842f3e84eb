package org.covidcxr.pacs.results;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TransferSyntax;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.covidcxr.files.AtomicFiles;

/**
 * Turns one analysed DICOM image into the two objects sent back to the PACS: a Secondary Capture showing the heat map
 * with the result burned in, and a Comprehensive SR carrying the result as coded content. Both join the source's
 * study, each in a new series, and reference the source instance.
 */
public final class ResultObjects {
    /** Source Application Entity Title of the files' meta header. */
    private static final String SOURCE_AE = "COVIDCXR";

    private ResultObjects() {
    }

    /**
     * Reads the source's header (without pixel data) and writes both objects into {@code outFolder} as Part 10 files
     * (explicit VR little endian), each atomically, named after their SOP Instance UIDs.
     *
     * @param overlaidImage the picture to show: the X-ray with the Grad-CAM heat map already blended in
     * @throws IllegalArgumentException when the source is not DICOM or lacks the study, series or instance UIDs, or
     *                                  the picture is too large for a DICOM image
     * @throws IOException              when the source cannot be read or a result cannot be written; then neither
     *                                  file is left behind
     */
    public static ResultFiles write(Path sourceDicom, BufferedImage overlaidImage, AiResult result, Path outFolder)
            throws IOException {
        Objects.requireNonNull(overlaidImage, "overlaidImage");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(outFolder, "outFolder");
        SourceImage source = SourceImage.read(sourceDicom);
        DicomInstance sc = DicomInstance.create(SecondaryCaptureWriter.SOP_CLASS);
        DicomInstance sr = DicomInstance.create(ResultReportWriter.SOP_CLASS);
        AttributeList scList;
        AttributeList srList;
        try {
            scList = SecondaryCaptureWriter.build(sc, source, overlaidImage, result);
            srList = ResultReportWriter.build(sr, source, sc, result);
        } catch (DicomException e) {
            throw new IOException("cannot build the result objects for " + sourceDicom.getFileName() + ": "
                    + e.getMessage(), e);
        }
        Path scFile = outFolder.resolve("SC-" + sc.sopInstanceUid() + ".dcm");
        Path srFile = outFolder.resolve("SR-" + sr.sopInstanceUid() + ".dcm");
        writePart10(scList, scFile);
        try {
            writePart10(srList, srFile);
        } catch (IOException | RuntimeException e) {
            // The report references the image: never leave the image to be sent without it.
            try {
                AtomicFiles.PLAIN.deleteIfExists(scFile);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new ResultFiles(scFile, srFile);
    }

    private static void writePart10(AttributeList list, Path target) throws IOException {
        AtomicFiles.PLAIN.write(target, file -> {
            try {
                FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, SOURCE_AE);
                list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
            } catch (DicomException e) {
                throw new IOException("cannot write " + target.getFileName() + ": " + e.getMessage(), e);
            }
        });
    }
}
