package org.covidcxr.dicom;

import static org.covidcxr.dicom.ImageReadException.Problem.CORRUPT;
import static org.covidcxr.dicom.ImageReadException.Problem.NO_PIXEL_DATA;
import static org.covidcxr.dicom.ImageReadException.Problem.TOO_LARGE;
import static org.covidcxr.dicom.ImageReadException.Problem.TRUNCATED;
import static org.covidcxr.dicom.ImageReadException.Problem.UNSUPPORTED_COMPRESSION;
import static org.covidcxr.dicom.ImageReadException.Problem.UNSUPPORTED_FORMAT;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SOPClassDescriptions;
import com.pixelmed.dicom.TagFromName;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** DICOM → {@link XrayImage}: header through PixelMed, first frame through {@link PixelDataReader}/{@link FrameDecoder}. */
final class DicomImageReader {
    private static final Set<String> PHOTOMETRICS = Set.of("MONOCHROME1", "MONOCHROME2", "RGB", "YBR_FULL",
            "YBR_FULL_422", "YBR_ICT", "YBR_RCT");

    private DicomImageReader() {
    }

    static XrayImage read(Path file, long fileSize, long decodeLimit) throws IntakeProblem {
        return decode(() -> DicomHeader.open(file, fileSize, decodeLimit), fileSize, decodeLimit, Resolution.FULL)
                .image();
    }

    /** Decodes a file already in memory; the header comes along, for listing its attributes without a second parse. */
    static DecodedImage read(byte[] file, long decodeLimit, Resolution resolution) throws IntakeProblem {
        return decode(() -> DicomHeader.open(file, decodeLimit), file.length, decodeLimit, resolution);
    }

    private interface HeaderOpener {
        DicomHeader open() throws IOException, DicomException, IntakeProblem;
    }

    private static DecodedImage decode(HeaderOpener opener, long fileSize, long decodeLimit, Resolution resolution)
            throws IntakeProblem {
        try (DicomHeader header = opener.open()) {
            AttributeList list = header.attributes();
            DicomTransferSyntax syntax = header.transferSyntax();
            Optional<DicomInputStream> pixelData = header.pixelDataStream();
            if (pixelData.isEmpty()) {
                throw noPixelData(list);
            }
            PixelModule module = PixelModule.of(list);
            check(module, decodeLimit);
            long maxLength = syntax.deflated() ? decodeLimit : fileSize;
            byte[] frame = new PixelDataReader(pixelData.get(), syntax, syntax != DicomTransferSyntax.IMPLICIT_LE,
                    maxLength).readFirstFrame(module);
            FrameDecoder.StoredFrame stored = FrameDecoder.storedValues(frame, syntax, module, resolution);
            float[] values = modalityValues(list, module, stored.values());
            Photometric photometric = "MONOCHROME1".equals(module.photometric())
                    ? Photometric.MONOCHROME1 : Photometric.MONOCHROME2;
            List<Window> windows = module.monochrome() ? VoiAttributes.windows(list) : List.of();
            Optional<VoiLut> voiLut = module.monochrome()
                    ? VoiAttributes.voiLut(list, module.signed()) : Optional.empty();
            return new DecodedImage(new XrayImage(stored.columns(), stored.rows(), values, photometric, windows,
                    voiLut, module.bitsStored(), module.frames(), DicomStudyInfo.of(list, syntax)), list,
                    module.columns());
        } catch (DicomHeader.UnknownTransferSyntaxException e) {
            if (e.uid().isBlank()) {
                throw new IntakeProblem(CORRUPT, "the header does not say how the image is encoded (its Transfer "
                        + "Syntax is empty). The file is damaged; ask for it to be sent again.", e);
            }
            throw new IntakeProblem(UNSUPPORTED_COMPRESSION, "unsupported compression: unknown transfer syntax ("
                    + e.uid().replaceAll("[^0-9.]", "?") + "). Ask the PACS or the modality to send the image "
                    + "uncompressed (Explicit VR Little Endian) or as JPEG 2000.", e);
        } catch (EOFException e) {
            throw new IntakeProblem(TRUNCATED, "the file ends unexpectedly; it was probably cut off during transfer "
                    + "or copying. Ask for it to be sent again.", e);
        } catch (DicomException | IOException e) {
            // The parser's own words (e.g. PixelMed's "Unlikely fixed VL") stay in the cause, for the log.
            throw new IntakeProblem(CORRUPT, "the file is damaged, incomplete or not valid DICOM. Ask for it to be "
                    + "sent again.", e);
        }
    }

    /**
     * No Pixel Data: a DICOMDIR, a document such as a report, an image of floating-point values (a parametric map), or
     * an image file cut short (then it says it is an image and has nothing else in place of its pixels).
     */
    private static IntakeProblem noPixelData(AttributeList list) {
        String sopClass = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPClassUID);
        if (sopClass.isEmpty()) {
            sopClass = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.MediaStorageSOPClassUID);
        }
        if (SOPClass.MediaStorageDirectoryStorage.equals(sopClass)) {
            return new IntakeProblem(NO_PIXEL_DATA, "this is a DICOMDIR, the index of a CD, DVD or folder of DICOM "
                    + "files, not an image. Open the folder it is in: the images it lists are opened with it.");
        }
        if (list.get(TagFromName.FloatPixelData) != null || list.get(TagFromName.DoubleFloatPixelData) != null) {
            // PixelMed's list of SOP class names predates the Parametric Map, the common case.
            String kind = SOPClass.ParametricMapStorage.equals(sopClass) ? "Parametric Map"
                    : SOPClassDescriptions.getDescriptionFromUID(sopClass);
            return new IntakeProblem(UNSUPPORTED_FORMAT, "this DICOM image holds floating-point values"
                    + (kind == null || kind.isBlank() ? "" : " (it is a " + kind + ")") + ", not a radiograph. "
                    + "Open the radiograph itself.");
        }
        if (sopClass.isEmpty() || SOPClass.isImageStorage(sopClass) || list.get(TagFromName.Rows) != null) {
            return new IntakeProblem(TRUNCATED, "the file ends before its image data; it was probably cut off "
                    + "during transfer or copying. Ask for it to be sent again.");
        }
        String kind = SOPClassDescriptions.getDescriptionFromUID(sopClass);
        return new IntakeProblem(NO_PIXEL_DATA, "this DICOM file contains no image"
                + (kind == null || kind.isBlank() ? "" : " (it is a " + kind + ")")
                + ". Open the radiograph itself, not a report or other document.");
    }

    private static final int MIN_RADIOGRAPH_BITS = 6;

    /** Refuses what intake cannot or must not decode, before anything is allocated. */
    private static void check(PixelModule m, long decodeLimit) throws IntakeProblem {
        if (m.rows() <= 0 || m.columns() <= 0) {
            throw new IntakeProblem(CORRUPT, "the image size is missing or zero (" + m.columns() + " x " + m.rows()
                    + "). The file is damaged; ask for it to be sent again.");
        }
        if (m.bitsAllocated() != 8 && m.bitsAllocated() != 16) {
            throw new IntakeProblem(UNSUPPORTED_FORMAT, "images with " + m.bitsAllocated() + " bits per sample are "
                    + "not supported (8 or 16 are). Ask for the image as a standard radiograph.");
        }
        if (m.bitsStored() < 1 || m.bitsStored() > m.bitsAllocated() || m.highBit() < m.bitsStored() - 1
                || m.highBit() >= m.bitsAllocated()) {
            throw new IntakeProblem(CORRUPT, "the bit layout is inconsistent (Bits Allocated " + m.bitsAllocated()
                    + ", Bits Stored " + m.bitsStored() + ", High Bit " + m.highBit() + "). The file is damaged; ask "
                    + "for it to be sent again.");
        }
        if (m.pixelRepresentation() != 0 && m.pixelRepresentation() != 1) {
            throw new IntakeProblem(CORRUPT, "the header's Pixel Representation is " + m.pixelRepresentation()
                    + " (only 0, unsigned, or 1, signed, exist). The file is damaged; ask for it to be sent again.");
        }
        // The DX image module requires 6 to 16 stored bits; fewer grey levels than that is a damaged header, and the
        // pixels masked to it would be a different picture.
        if (m.monochrome() && m.bitsStored() < MIN_RADIOGRAPH_BITS) {
            throw new IntakeProblem(CORRUPT, "the header says each pixel has only " + m.bitsStored() + " bit(s) of "
                    + "grey level (Bits Stored), far fewer than any radiograph (at least " + MIN_RADIOGRAPH_BITS
                    + "). The header is damaged; ask for the file to be sent again.");
        }
        if (!PHOTOMETRICS.contains(m.photometric())
                || (m.samplesPerPixel() != (m.monochrome() ? 1 : 3))) {
            throw new IntakeProblem(UNSUPPORTED_FORMAT, "the colour model " + m.photometric().replaceAll("[^ -~]", "?")
                    + " with " + m.samplesPerPixel() + " sample(s) per pixel is not supported. Ask for the image as a "
                    + "greyscale (MONOCHROME) radiograph.");
        }
        if (m.totalBytes() > decodeLimit) {
            throw new IntakeProblem(TOO_LARGE, String.format("the image is %d x %d pixels%s, %.1f GiB uncompressed, "
                            + "more than the %d MiB this workstation opens. It is not a chest radiograph or its header "
                            + "is damaged.", m.columns(), m.rows(),
                    m.frames() > 1 ? " with " + m.frames() + " frames" : "",
                    m.totalBytes() / (double) (1L << 30), decodeLimit >> 20));
        }
    }

    private static float[] modalityValues(AttributeList list, PixelModule module, int[] stored) {
        float[] values = new float[stored.length];
        Optional<VoiAttributes.LookupTable> lut = module.monochrome()
                ? VoiAttributes.modalityLut(list, module.signed()) : Optional.empty();
        if (lut.isPresent()) {
            VoiAttributes.LookupTable table = lut.get();
            for (int i = 0; i < stored.length; i++) {
                values[i] = table.lookup(stored[i]);
            }
            return values;
        }
        double slope = module.monochrome() ? decimal(list, TagFromName.RescaleSlope, 1) : 1;
        double intercept = module.monochrome() ? decimal(list, TagFromName.RescaleIntercept, 0) : 0;
        if (slope == 0 || !Double.isFinite(slope) || !Double.isFinite(intercept)) {
            slope = 1;
            intercept = 0;
        }
        for (int i = 0; i < stored.length; i++) {
            values[i] = (float) (stored[i] * slope + intercept);
        }
        return values;
    }

    private static double decimal(AttributeList list, com.pixelmed.dicom.AttributeTag tag, double fallback) {
        try {
            return Attribute.getSingleDoubleValueOrDefault(list, tag, fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
