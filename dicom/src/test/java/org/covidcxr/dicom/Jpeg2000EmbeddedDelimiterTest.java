package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes of a Sequence Delimitation Item (FFFE,E0DD) inside a JPEG 2000 code stream are data like any other: a
 * fragment is read by its length, never cut at those bytes. The file is made here: a real radiograph compressed
 * losslessly with GDCM's gdcmconv, then a comment marker segment (COM) holding the delimiter's eight bytes put into the
 * code stream's main header, and the fragment's length grown to match. GDCM's decode of the made file is the
 * reference.
 */
class Jpeg2000EmbeddedDelimiterTest {
    /** (7FE0,0010) OB, undefined length, in Explicit VR Little Endian. */
    private static final byte[] PIXEL_DATA = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, -1, -1, -1, -1};
    /** COM (FF64), Lcom 12, Rcom 0 (binary), then a complete Sequence Delimitation Item. */
    private static final byte[] COMMENT = {-1, 0x64, 0, 12, 0, 0, (byte) 0xFE, (byte) 0xFF, (byte) 0xDD, (byte) 0xE0,
        0, 0, 0, 0};

    @TempDir
    Path dir;

    @Test
    void aSequenceDelimiterInsideTheCodeStreamIsDataNotTheEndOfThePixels() throws Exception {
        Path radiograph = SharedData.dir("dicom/real").resolve("RG1_J2KI.dcm");
        Path raw = dir.resolve("raw.dcm");
        Path lossless = dir.resolve("lossless.dcm");
        assumeTrue(ExternalTools.run("gdcmconv", "--raw", radiograph.toString(), raw.toString())
                && ExternalTools.run("gdcmconv", "--j2k", raw.toString(), lossless.toString()),
                "GDCM's gdcmconv is missing");
        Path embedded = dir.resolve("embedded-delimiter.dcm");
        Files.write(embedded, withDelimiterInCodeStream(Files.readAllBytes(lossless)));
        Path reference = dir.resolve("gdcm-raw.dcm");
        assertThat(ExternalTools.run("gdcmconv", "--raw", embedded.toString(), reference.toString()))
                .as("GDCM decodes the made file").isTrue();

        XrayImage image = XrayImageReader.read(embedded);

        assertThat(image.values()).isEqualTo(XrayImageReader.read(reference).values())
                .isEqualTo(XrayImageReader.read(raw).values());
        assertThat(XrayImageReader.readForAnalysis(embedded).values()).as("the reduced level read for analysis")
                .isEqualTo(XrayImageReader.readForAnalysis(lossless).values());
    }

    /**
     * The broken variant: the fragment's length stops right before the embedded delimiter, so that the delimiter ends
     * the pixel data after a few bytes of code stream and the rest follows as if it were attributes. Refused in words
     * (the code stream ends too early), never decoded and never a parser's exception name.
     */
    @Test
    void aFragmentThatEndsAtAnEmbeddedDelimiterIsRefusedInWords() throws Exception {
        Path radiograph = SharedData.dir("dicom/real").resolve("RG1_J2KI.dcm");
        byte[] file = withDelimiterInCodeStream(Files.readAllBytes(radiograph));
        ByteBuffer buffer = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int offsetTable = lastIndexOf(file, PIXEL_DATA) + PIXEL_DATA.length;
        int fragment = offsetTable + 8 + buffer.getInt(offsetTable + 4);
        int delimiter = indexOf(file, Arrays.copyOfRange(COMMENT, 6, COMMENT.length), fragment + 8);
        assertThat(delimiter).as("the embedded delimiter, inside the first fragment").isBetween(fragment + 8,
                fragment + 8 + buffer.getInt(fragment + 4));
        buffer.putInt(fragment + 4, delimiter - fragment - 8);
        Path cut = Files.write(dir.resolve("fragment-cut-at-delimiter.dcm"), file);

        assertThatThrownBy(() -> XrayImageReader.read(cut)).isInstanceOfSatisfying(ImageReadException.class, e -> {
            assertThat(e.problem()).isIn(ImageReadException.Problem.TRUNCATED, ImageReadException.Problem.CORRUPT);
            assertThat(e.getMessage()).contains("Ask for it to be sent again").doesNotContain("Exception", "null");
        });
    }

    /** The file with {@link #COMMENT} after the SIZ marker segment of its one fragment's code stream. */
    private static byte[] withDelimiterInCodeStream(byte[] file) {
        int pixelData = lastIndexOf(file, PIXEL_DATA);
        assertThat(pixelData).as("encapsulated pixel data").isPositive();
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int offsetTable = pixelData + PIXEL_DATA.length;
        int fragment = offsetTable + 8 + in.getInt(offsetTable + 4);
        assertThat(in.getInt(fragment)).as("the first fragment's item tag").isEqualTo(0xE000FFFE);
        int codeStream = fragment + 8;
        assertThat(in.getShort(codeStream) & 0xFFFF).as("SOC then SIZ").isEqualTo(0x4FFF);
        int siz = codeStream + 2;
        int afterSiz = siz + 2 + (((file[siz + 2] & 0xFF) << 8) | (file[siz + 3] & 0xFF));

        ByteBuffer out = ByteBuffer.allocate(file.length + COMMENT.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(file, 0, afterSiz).put(COMMENT).put(file, afterSiz, file.length - afterSiz);
        out.putInt(fragment + 4, in.getInt(fragment + 4) + COMMENT.length);
        return out.array();
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        for (int i = from; i <= data.length - pattern.length; i++) {
            if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] data, byte[] pattern) {
        for (int i = data.length - pattern.length; i >= 0; i--) {
            int j = 0;
            while (j < pattern.length && data[i + j] == pattern[j]) {
                j++;
            }
            if (j == pattern.length) {
                return i;
            }
        }
        return -1;
    }
}
