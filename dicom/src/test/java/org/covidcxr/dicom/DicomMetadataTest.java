package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StudyInfo from DICOM headers (character sets, ISO 2022 multi-byte names and unknown character sets included, lossy
 * flag), Modality LUT Sequence and multi-frame handling.
 */
class DicomMetadataTest {
    @TempDir
    Path dir;

    @Test
    void aNameInAMultiByteIso2022CharacterSetIsDecodedAndNeverBlocksTheImage() throws Exception {
        Path base = SharedData.dir("dicom/conformance/files").resolve("base.dcm");
        // "Wang^XiaoDong=" then ESC $ ) A (GB 2312, ISO 2022 IR 58) and the ideographic name in GB 2312 bytes.
        byte[] name = {'W', 'a', 'n', 'g', '^', 'X', 'i', 'a', 'o', 'D', 'o', 'n', 'g', '=', 0x1B, '$', ')', 'A',
            (byte) 0xCD, (byte) 0xF5, '^', (byte) 0xD0, (byte) 0xA1, (byte) 0xB6, (byte) 0xAB, ' '};
        for (String charset : new String[] {"\\ISO 2022 IR 58", "BOGUS_CHARSET"}) {
            Path file = Files.write(dir.resolve("iso2022.dcm"), withPatientName(Files.readAllBytes(base), name));
            Assumptions.assumeTrue(ExternalTools.run("dcmodify", "-nb", "-i", "(0008,0005)=" + charset,
                    file.toString()), "dcmtk's dcmodify is not installed");

            XrayImage image = XrayImageReader.read(file);

            assertThat(image.values()).as(charset).isEqualTo(XrayImageReader.read(base).values());
            assertThat(image.study().patientName()).as(charset).startsWith("Wang^XiaoDong=");
            if (charset.contains("IR 58")) {
                assertThat(image.study().patientName()).isEqualTo("Wang^XiaoDong=\u738b^\u5c0f\u4e1c");
            }
        }
    }

    /** The explicit VR little endian file with its Patient Name's value replaced by these bytes (even length). */
    private static byte[] withPatientName(byte[] file, byte[] name) {
        int at = DicomBytes.find(file, new byte[] {0x10, 0x00, 0x10, 0x00, 'P', 'N'});
        int length = (file[at + 6] & 0xFF) | (file[at + 7] & 0xFF) << 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(file, 0, at + 6);
        out.write(name.length & 0xFF);
        out.write(name.length >> 8);
        out.write(name, 0, name.length);
        out.write(file, at + 8 + length, file.length - at - 8 - length);
        return out.toByteArray();
    }

    @Test
    void latin1AndUtf8NamesAreDecodedPerSpecificCharacterSet() throws Exception {
        Path files = SharedData.dir("dicom/conformance/files");
        StudyInfo latin1 = XrayImageReader.read(files.resolve("meta_latin1.dcm")).study();
        assertThat(latin1.patientName()).isEqualTo("M\u00fcller^J\u00fcrgen");
        StudyInfo utf8 = XrayImageReader.read(files.resolve("meta_utf8.dcm")).study();
        assertThat(utf8.patientName()).isEqualTo("\u0396\u03c9\u03ae^\u03a0\u03b1\u03c0\u03b1\u03b4\u03bf\u03c0\u03bf\u03cd\u03bb\u03bf\u03c5");
        assertThat(utf8.institutionName()).isEqualTo("Test Hospital");
        assertThat(utf8.patientId()).isEqualTo("PID-0001");
        assertThat(utf8.studyDate()).contains(LocalDate.of(2024, 1, 15));
        assertThat(utf8.accessionNumber()).isEqualTo("ACC12345");
        assertThat(utf8.patientSex()).isEqualTo("F");
        assertThat(utf8.modality()).isEqualTo("CR");
        assertThat(utf8.manufacturer()).isEqualTo("SyntheticVendor");
        assertThat(utf8.transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.1");
        assertThat(utf8.lossyCompressed()).isFalse();
        assertThat(XrayImageReader.read(files.resolve("j2k_lossy.dcm")).study().lossyCompressed()).isTrue();
        assertThat(XrayImageReader.read(files.resolve("jpeg_base8.dcm")).study().lossyCompressed()).isTrue();
    }

    @Test
    void multiFrameNativeAndEncapsulatedFilesYieldTheirFirstFrame() throws Exception {
        Path files = SharedData.dir("dicom/conformance/files");
        byte[] nativeFile = Files.readAllBytes(files.resolve("base.dcm"));
        int frameBytes = 640 * 512 * 2;
        ByteArrayOutputStream twoFrames = new ByteArrayOutputStream();
        twoFrames.write(withNumberOfFrames(nativeFile));
        twoFrames.write(new byte[frameBytes]); // second frame: black
        byte[] multi = twoFrames.toByteArray();
        int lengthAt = multi.length - 2 * frameBytes - 4;
        java.nio.ByteBuffer.wrap(multi).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(lengthAt, 2 * frameBytes);
        Path nativeMulti = Files.write(dir.resolve("native-2frames.dcm"), multi);
        XrayImage first = XrayImageReader.read(nativeMulti);
        assertThat(first.frameCount()).isEqualTo(2);
        assertThat(first.values()).isEqualTo(XrayImageReader.read(files.resolve("base.dcm")).values());

        byte[] jpeg = withNumberOfFrames(Files.readAllBytes(files.resolve("jpeg_ll_sv1.dcm")));
        byte[] otherFragment = lastFragment(Files.readAllBytes(files.resolve("x_wiz12_jpll.dcm")));
        ByteArrayOutputStream encapsulated = new ByteArrayOutputStream();
        encapsulated.write(jpeg, 0, jpeg.length - 8); // everything before the sequence delimiter
        encapsulated.write(otherFragment);
        encapsulated.write(jpeg, jpeg.length - 8, 8);
        Path jpegMulti = Files.write(dir.resolve("jpeg-2frames.dcm"), encapsulated.toByteArray());
        XrayImage firstJpeg = XrayImageReader.read(jpegMulti);
        assertThat(firstJpeg.frameCount()).isEqualTo(2);
        assertThat(firstJpeg.values()).isEqualTo(XrayImageReader.read(files.resolve("jpeg_ll_sv1.dcm")).values());
    }

    @Test
    void modalityLutSequenceReplacesRescale() throws Exception {
        Path base = SharedData.dir("dicom/conformance/files").resolve("base.dcm");
        AttributeList list = new AttributeList();
        list.read(base.toFile());
        AttributeList item = new AttributeList();
        Attribute descriptor = new UnsignedShortAttribute(TagFromName.LUTDescriptor);
        descriptor.addValue(4096);
        descriptor.addValue(0);
        descriptor.addValue(16);
        item.put(descriptor);
        Attribute data = new UnsignedShortAttribute(TagFromName.LUTData);
        for (int i = 0; i < 4096; i++) {
            data.addValue(3 * i + 7);
        }
        item.put(data);
        SequenceAttribute sequence = new SequenceAttribute(new AttributeTag(0x0028, 0x3000));
        sequence.addItem(item);
        list.put(sequence);
        list.replaceWithValueIfPresent(TagFromName.RescaleSlope, "5"); // must be ignored: the LUT takes precedence
        XrayImage plain = XrayImageReader.read(base);
        // In implicit VR (here also without a Part 10 header, as old archives write it) the reader must know from the
        // dictionary that (0028,3000) is a sequence and that LUT Data holds words.
        for (String syntax : new String[] {TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian}) {
            Path withLut = dir.resolve("modality-lut-" + syntax + ".dcm");
            boolean partTen = syntax.equals(TransferSyntax.ExplicitVRLittleEndian);
            if (!partTen) {
                list.removeMetaInformationHeaderAttributes();
            }
            list.write(withLut.toFile(), syntax, partTen, true);

            assertThat(new String(Files.readAllBytes(withLut), 128, 4, StandardCharsets.US_ASCII).equals("DICM"))
                    .isEqualTo(partTen);
            XrayImage mapped = XrayImageReader.read(withLut);
            for (int i = 0; i < 640 * 512; i += 101) {
                assertThat(mapped.values().get(i)).as(syntax).isEqualTo(3 * plain.values().get(i) + 7);
            }
        }
    }

    /** Inserts Number of Frames = 2 (IS) just before Rows; the data sets have no group length to fix. */
    private static byte[] withNumberOfFrames(byte[] file) {
        byte[] rows = {0x28, 0x00, 0x10, 0x00, 'U', 'S'};
        int at = indexOf(file, rows);
        byte[] element = {0x28, 0x00, 0x08, 0x00, 'I', 'S', 2, 0, '2', ' '};
        byte[] out = new byte[file.length + element.length];
        System.arraycopy(file, 0, out, 0, at);
        System.arraycopy(element, 0, out, at, element.length);
        System.arraycopy(file, at, out, at + element.length, file.length - at);
        return out;
    }

    /** The last item (header and value) before the sequence delimiter of a single-fragment encapsulated file. */
    private static byte[] lastFragment(byte[] file) {
        byte[] item = {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0};
        int at = -1;
        for (int i = 0; (i = indexOf(file, item, i)) >= 0; i++) {
            at = i;
        }
        return java.util.Arrays.copyOfRange(file, at, file.length - 8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle, 0);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
