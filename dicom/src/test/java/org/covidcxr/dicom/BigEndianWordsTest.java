package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 8-bit samples in OW under Explicit VR Big Endian are packed two to a 16-bit word, most significant byte first, so
 * they read back byte-swapped unless swapped again. The file is made here: dcmtk converts an 8-bit conformance image to
 * big endian (it writes OB), and the test re-labels Pixel Data as OW with each word's bytes swapped, as a vendor that
 * writes OW does.
 */
class BigEndianWordsTest {
    @TempDir
    Path dir;

    @Test
    void eightBitSamplesInBigEndianOwReadAsTheLittleEndianOriginal() throws Exception {
        Path u8 = SharedData.dir("dicom/conformance").resolve("files/u8.dcm");
        Path ob = dir.resolve("u8-be-ob.dcm");
        assumeTrue(ExternalTools.run("dcmconv", "+tb", u8.toString(), ob.toString()),
                "dcmtk's dcmconv is not installed");
        Path ow = Files.write(dir.resolve("u8-be-ow.dcm"), asOw(Files.readAllBytes(ob)));

        FloatBuffer original = XrayImageReader.read(u8).values();
        assertThat(XrayImageReader.read(ob).values()).as("OB, as dcmtk writes it").isEqualTo(original);
        assertThat(XrayImageReader.read(ow).values()).as("OW").isEqualTo(original);
    }

    /** Pixel Data's VR OB → OW, and each byte pair of its value swapped (big endian words). */
    private static byte[] asOw(byte[] file) {
        byte[] header = {0x7F, (byte) 0xE0, 0x00, 0x10, 'O', 'B', 0, 0};
        int at = DicomBytes.find(file, header);
        assertThat(at).as("Pixel Data OB in the big endian file").isPositive();
        byte[] out = file.clone();
        out[at + 5] = 'W';
        int length = (out[at + 8] & 0xFF) << 24 | (out[at + 9] & 0xFF) << 16 | (out[at + 10] & 0xFF) << 8
                | out[at + 11] & 0xFF;
        for (int i = at + 12; i + 1 < at + 12 + length; i += 2) {
            byte t = out[i];
            out[i] = out[i + 1];
            out[i + 1] = t;
        }
        assertThat(new String(out, at + 4, 2, StandardCharsets.US_ASCII)).isEqualTo("OW");
        return out;
    }
}
