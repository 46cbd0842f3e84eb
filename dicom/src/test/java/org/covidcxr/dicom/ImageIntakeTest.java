package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.covidcxr.dicom.phantom.ChestPhantom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (issue 16): opening a 2000 × 2000 DICOM reads the file once. Files are handed to intake as paths of a
 * {@link CountingFileSystem}, which counts every open and every byte read; the image, attributes and checksum must
 * equal what the separate calls give.
 */
class ImageIntakeTest {
    /** RG1_J2KI.dcm's SHA-256 as dicom/real/manifest.csv records it. */
    private static final String RG1_SHA256 = "744d01372fdda4e21b507bb7f97329065de961f4f263342079b369b430064d65";

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void anUncompressed2000By2000DicomIsOpenedAndReadOnce() throws Exception {
        Path file = phantomDicom(dir.resolve("phantom-2000.dcm"), 2000, 2000);

        ImageIntake intake = readOnceMatchingTheSeparateCalls(file);

        assertThat(intake.image().width()).isEqualTo(2000);
        assertThat(intake.image().height()).isEqualTo(2000);
        assertThat(intake.attributes()).extracting(DicomAttributes.Entry::name).contains("Rows", "PatientName")
                .doesNotContain("PixelData");
    }

    @Test
    @Timeout(60)
    void aRealNearly2000By2000JpegTwoThousandDicomIsOpenedAndReadOnce() throws Exception {
        Path file = SharedData.dir("dicom/real").resolve("RG1_J2KI.dcm");

        ImageIntake intake = readOnceMatchingTheSeparateCalls(file);

        assertThat(intake.image().width()).isEqualTo(1841);
        assertThat(intake.image().height()).isEqualTo(1955);
        assertThat(intake.sha256()).isEqualTo(RG1_SHA256);
    }

    @Test
    void aPngIsOpenedOnceAndHasNoAttributes() throws Exception {
        Path file = SharedData.dir("dicom/conformance").resolve("files/u8.png");

        assertThat(readOnceMatchingTheSeparateCalls(file).attributes()).isEmpty();
    }

    @Test
    void theCounterSeesEveryOpenOfTheSeparateCalls() throws Exception {
        // Guards the test itself: listing attributes on its own still sniffs, pre-checks and parses the file.
        CountingFileSystem counting = new CountingFileSystem();
        DicomAttributes.list(counting.wrap(SharedData.dir("dicom/real").resolve("RG1_J2KI.dcm")));
        assertThat(counting.opens()).isGreaterThan(1);
    }

    @Test
    void failuresAreTheImageReadersOwn() throws Exception {
        Path missing = dir.resolve("missing.dcm");
        Path text = Files.writeString(dir.resolve("notes.dcm"), "Patient doing well, CXR attached separately.\n");
        for (Path file : new Path[] {missing, text}) {
            ImageReadException expected = null;
            try {
                XrayImageReader.read(file);
            } catch (ImageReadException e) {
                expected = e;
            }
            assertThat(expected).isNotNull();
            String message = expected.getMessage();
            ImageReadException.Problem problem = expected.problem();
            assertThatThrownBy(() -> ImageIntake.read(file)).isInstanceOfSatisfying(ImageReadException.class, e -> {
                assertThat(e.problem()).isEqualTo(problem);
                assertThat(e.getMessage()).isEqualTo(message);
            });
        }
    }

    private static ImageIntake readOnceMatchingTheSeparateCalls(Path file) throws Exception {
        CountingFileSystem counting = new CountingFileSystem();

        ImageIntake intake = ImageIntake.read(counting.wrap(file));

        assertThat(counting.opens()).as("times the file was opened").isEqualTo(1);
        assertThat(counting.bytesRead()).as("bytes read").isEqualTo(Files.size(file));
        XrayImage separately = XrayImageReader.read(file);
        // The pixels compared as one buffer: field by field, millions of floats take a minute.
        assertThat(intake.image().values()).isEqualTo(separately.values());
        assertThat(intake.image()).usingRecursiveComparison().ignoringFields("modalityValues").isEqualTo(separately);
        assertThat(intake.attributes()).isEqualTo(DicomAttributes.list(file));
        assertThat(intake.sha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
        return intake;
    }

    /** The chest phantom as an uncompressed 16-bit DX file (12 bits stored), about 8 MB at 2000 × 2000. */
    private static Path phantomDicom(Path file, int width, int height) throws Exception {
        float[] values = new float[width * height];
        ChestPhantom.render(width, height).values().get(values);
        short[] words = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            words[i] = (short) Math.round(values[i]);
        }
        AttributeList list = new AttributeList();
        put(list, TagFromName.SOPClassUID, "1.2.840.10008.5.1.4.1.1.1.1");
        put(list, TagFromName.SOPInstanceUID, "1.2.826.0.1.3680043.10.999.2000");
        put(list, TagFromName.Modality, "DX");
        put(list, TagFromName.PatientName, "Phantom^Chest");
        put(list, TagFromName.BodyPartExamined, "CHEST");
        put(list, TagFromName.ViewPosition, "PA");
        put(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        put(list, TagFromName.Rows, Integer.toString(height));
        put(list, TagFromName.Columns, Integer.toString(width));
        put(list, TagFromName.SamplesPerPixel, "1");
        put(list, TagFromName.BitsAllocated, "16");
        put(list, TagFromName.BitsStored, Integer.toString(ChestPhantom.BITS_STORED));
        put(list, TagFromName.HighBit, Integer.toString(ChestPhantom.BITS_STORED - 1));
        put(list, TagFromName.PixelRepresentation, "0");
        put(list, TagFromName.WindowCenter, "1800");
        put(list, TagFromName.WindowWidth, "3000");
        OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
        pixels.setValues(words);
        list.put(pixels);
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "COVIDCXR");
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        return file;
    }

    private static void put(AttributeList list, AttributeTag tag, String value) throws Exception {
        list.putNewAttribute(tag).addValue(value);
    }
}
