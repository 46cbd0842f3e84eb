package org.covidcxr.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Acceptance item 2: the real radiographs in dicom/real open, display bone white, and carry their metadata. */
class RealFilesTest {
    private static final String CR = "CR-MONO1-10-chest";

    @Test
    void everyRealFileOpensWithItsMetadata() throws Exception {
        Path dir = SharedData.dir("dicom/real");
        Map<String, List<String>> manifest = manifest(dir);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".dcm")).sorted().toList()) {
                List<String> row = manifest.get(file.getFileName().toString());
                assertThat(row).as("manifest row of " + file).isNotNull();
                XrayImage image = XrayImageReader.read(file);
                StudyInfo study = image.study();
                String[] size = row.get(10).split(" x ");
                assertThat(image.width()).as(file + " width").isEqualTo(Integer.parseInt(size[1]));
                assertThat(image.height()).as(file + " height").isEqualTo(Integer.parseInt(size[0]));
                assertThat(image.photometric().name()).as(file + " photometric").isEqualTo(row.get(9));
                assertThat(study.modality()).as(file + " modality").isEqualTo(row.get(3));
                assertThat(study.bodyPartExamined()).as(file + " body part").isEqualTo(row.get(4));
                assertThat(study.viewPosition()).as(file + " view").isEqualTo(row.get(5));
                assertThat(study.sopInstanceUid()).as(file + " SOP instance UID").matches("[0-9.]+");
                assertThat(study.patientName() + study.patientId()).as(file + " patient").isNotEmpty();
                assertThat(study.transferSyntaxUid()).as(file + " transfer syntax")
                        .isEqualTo(row.get(8).replace(" (implied)", ""));
                assertThat(image.bitsStored()).as(file + " bits stored").isEqualTo(Integer.parseInt(row.get(12)));
                assertThat(image.maxValue()).as(file + " has contrast").isGreaterThan(image.minValue());
            }
        }
    }

    @Test
    void losslessReEncodingsOfTheRealCrDecodeToIdenticalValues() throws Exception {
        Path dir = SharedData.dir("dicom/real");
        float[] original = values(XrayImageReader.read(dir.resolve(CR + ".dcm")));
        for (String variant : List.of("_deflatedLE", "_explicitBE", "_explicitLE", "_j2k_lossless",
                "_jpegLS_lossless", "_jpegLosslessSV1", "_rle")) {
            assertThat(values(XrayImageReader.read(dir.resolve(CR + variant + ".dcm"))))
                    .as(variant).isEqualTo(original);
        }
    }

    @Test
    void monochrome1DisplaysBoneWhiteLikeItsMonochrome2Twin() throws Exception {
        Path dir = SharedData.dir("dicom/real");
        XrayImage mono1 = XrayImageReader.read(dir.resolve(CR + ".dcm"));
        XrayImage mono2 = XrayImageReader.read(dir.resolve(CR + "_inverted_MONOCHROME2_explicitLE.dcm"));
        assertThat(mono1.photometric()).isEqualTo(Photometric.MONOCHROME1);
        // A bare ACR-NEMA-era data set: no Study Date, an acquisition date written yyyy.MM.dd.
        assertThat(mono1.study().studyDate()).contains(java.time.LocalDate.of(1993, 2, 24));
        DisplayImage shown1 = DisplayPipeline.render(mono1, DisplaySettings.fileDefault(mono1));
        DisplayImage shown2 = DisplayPipeline.render(mono2, DisplaySettings.fileDefault(mono2));
        int maxDifference = 0;
        for (int i = 0; i < shown1.gray8().length; i++) {
            maxDifference = Math.max(maxDifference, Math.abs((shown1.gray8()[i] & 0xFF) - (shown2.gray8()[i] & 0xFF)));
        }
        assertThat(maxDifference).as("MONOCHROME1 vs inverted MONOCHROME2 twin").isLessThanOrEqualTo(1);
        // Bone (the spine, mid-image) is brighter than lung (a third in from the side), as on a lightbox.
        int w = shown1.width();
        int h = shown1.height();
        assertThat(meanLevel(shown1, w / 2, h / 2)).isGreaterThan(meanLevel(shown1, w / 4, h / 2) + 40);
    }

    private static double meanLevel(DisplayImage image, int cx, int cy) {
        double sum = 0;
        int n = 0;
        for (int y = cy - 10; y <= cy + 10; y++) {
            for (int x = cx - 10; x <= cx + 10; x++) {
                sum += image.level(x, y);
                n++;
            }
        }
        return sum / n;
    }

    private static float[] values(XrayImage image) {
        float[] v = new float[image.width() * image.height()];
        image.values().get(v);
        return v;
    }

    /** manifest.csv rows by file name; fields split on commas outside quotes. */
    private static Map<String, List<String>> manifest(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("manifest.csv")).stream().skip(1)
                .map(line -> List.of(line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1)))
                .collect(Collectors.toMap(r -> r.get(0), r -> r));
    }
}
