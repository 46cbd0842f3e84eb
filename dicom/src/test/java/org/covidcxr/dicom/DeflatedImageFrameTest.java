package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deflated Image Frame Compression (1.2.840.10008.1.2.8.1): each frame's native little-endian bytes deflated into one
 * fragment. No tool here writes it, so the test does: a conformance image's samples, deflated, under that syntax.
 */
class DeflatedImageFrameTest {
    private static final String DEFLATED_FRAME = "1.2.840.10008.1.2.8.1";
    @TempDir
    Path dir;

    @Test
    void aDeflatedFrameReadsAsTheUncompressedImage() throws Exception {
        Path base = SharedData.dir("dicom/conformance").resolve("files/base.dcm");
        Path deflated = write(base, 0, dir.resolve("deflated.dcm"));

        assertThat(XrayImageReader.read(deflated).values()).isEqualTo(XrayImageReader.read(base).values());
    }

    @Test
    void aDeflatedFrameThatIsCutShortIsDamagedNotDecodedToOtherValues() throws Exception {
        Path base = SharedData.dir("dicom/conformance").resolve("files/base.dcm");
        Path cut = write(base, 1000, dir.resolve("cut.dcm"));

        assertThatThrownBy(() -> XrayImageReader.read(cut)).isInstanceOf(ImageReadException.class)
                .satisfies(e -> assertThat(((ImageReadException) e).problem())
                        .isEqualTo(ImageReadException.Problem.CORRUPT));
    }

    /** The file's header under the deflated-frame syntax, then its frame deflated (less {@code cut} bytes). */
    private static Path write(Path source, int cut, Path target) throws Exception {
        AttributeList list = new AttributeList();
        list.read(source.toFile());
        short[] words = list.get(TagFromName.PixelData).getShortValues();
        ByteBuffer frame = ByteBuffer.allocate(words.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        frame.asShortBuffer().put(words);
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(frame.array());
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        byte[] fragment = Arrays.copyOf(out.toByteArray(), out.size() - cut);
        fragment = Arrays.copyOf(fragment, fragment.length + fragment.length % 2);

        list.remove(TagFromName.PixelData);
        FileMetaInformation.addFileMetaInformation(list, DEFLATED_FRAME, "COVIDCXR");
        list.write(target.toString(), DEFLATED_FRAME, true, true);
        ByteBuffer pixelData = ByteBuffer.allocate(12 + 8 + 8 + fragment.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        pixelData.putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'B').putShort((short) 0)
                .putInt(-1);
        pixelData.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(0); // empty basic offset table
        pixelData.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(fragment.length).put(fragment);
        pixelData.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
        Files.write(target, pixelData.array(), StandardOpenOption.APPEND);
        return target;
    }
}
