package org.covidcxr.inference.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.covidcxr.dicom.XrayImageReader;
import org.covidcxr.inference.Preprocessor;
import org.covidcxr.inference.data.Datasets;
import org.covidcxr.inference.data.LabelledImage;
import org.covidcxr.inference.data.PreparedDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What training feeds the network: data set layouts, the cached inputs, augmentation. */
class TrainingInputTest {

    @Test
    void trainingUsesExactlyTheTensorInferenceComputesForTheSameFile() throws Exception {
        Path data = TrainerTest.DATA;
        assumeTrue(Files.isRegularFile(data.resolve("manifest.csv")),
                "shared data missing at " + data.toAbsolutePath() + " (set -Dcovidcxr.shared.data)");
        List<LabelledImage> images = Datasets.load(data).subList(0, 6);
        Preprocessor preprocessor = new Preprocessor(160);
        PreparedDataset cached = PreparedDataset.prepare(images, preprocessor, 2);
        for (int i = 0; i < images.size(); i++) {
            // what the serving translator does for one image: read through the dicom module, then Preprocessor
            float[] inference = new Preprocessor(160).prepare(XrayImageReader.read(images.get(i).file())).pixels();
            assertThat(cached.pixels(i)).containsExactly(inference);
        }
    }

    @Test
    void readsTheManifestWithQuotedCellsAndPatientLevelSplits() {
        Path data = TrainerTest.DATA;
        assumeTrue(Files.isRegularFile(data.resolve("manifest.csv")), "shared data missing at " + data);
        List<LabelledImage> all = Datasets.load(data);
        assertThat(all).hasSize(1327);
        assertThat(Datasets.split(all, Datasets.TRAIN)).hasSize(878);
        assertThat(Datasets.countByClass(Datasets.split(all, Datasets.TEST)))
                .containsEntry("covid", 58).containsEntry("normal", 76).containsEntry("pneumonia", 92);
        assertThat(all).allMatch(i -> Files.isRegularFile(i.file()));
    }

    @Test
    void readsAGenericCsvAndClassFoldersSplittingByPatient(@TempDir Path tmp) throws Exception {
        Random random = new Random(1);
        for (int i = 0; i < 6; i++) {
            BlobImages.write(tmp.resolve("folders/covid/c" + i + ".png"),
                    BlobImages.image(random, 96, true, 40, 40));
            BlobImages.write(tmp.resolve("folders/normal/n" + i + ".png"),
                    BlobImages.image(random, 96, false, 0, 0));
        }
        List<LabelledImage> folders = Datasets.load(tmp.resolve("folders"));
        assertThat(folders).hasSize(12);
        assertThat(Datasets.countByClass(folders)).containsEntry("covid", 6).containsEntry("pneumonia", 0);

        Files.writeString(tmp.resolve("labels.csv"), "file,label,patient_id\n"
                + "folders/covid/c0.png,COVID,p1\n\"folders/covid/c1.png\",covid,p1\nfolders/normal/n0.png,normal,p2\n");
        List<LabelledImage> csv = Datasets.load(tmp.resolve("labels.csv"));
        assertThat(csv).extracting(LabelledImage::label).containsExactly(0, 0, 1);
        assertThat(csv.get(0).split()).isEqualTo(csv.get(1).split()); // one patient, one split
        assertThat(csv.get(1).file()).isRegularFile();

        // a spreadsheet export: byte-order mark, capitalised header, CRLF, no patient column (each file its own)
        Files.writeString(tmp.resolve("export.csv"), "\uFEFFFile,Label\r\nfolders/normal/n1.png,normal\r\n");
        assertThat(Datasets.load(tmp.resolve("export.csv"))).singleElement()
                .satisfies(i -> assertThat(i.patientId()).isEqualTo("folders/normal/n1.png"));

        Files.writeString(tmp.resolve("bad.csv"), "file,label\nx.png,normal\nx.png,flu\n");
        assertThatThrownBy(() -> Datasets.load(tmp.resolve("bad.csv")))
                .hasMessageContaining("line 3: unknown label 'flu'");
        Files.writeString(tmp.resolve("unlabelled.csv"), "file,patient_id\nx.png,p1\n");
        assertThatThrownBy(() -> Datasets.load(tmp.resolve("unlabelled.csv"))).hasMessageContaining("no 'label' column");
    }

    @Test
    void augmentationIsAPureFunctionOfSeedEpochAndImage() {
        float[] src = new float[64 * 64];
        Random random = new Random(2);
        for (int i = 0; i < src.length; i++) {
            src[i] = (float) random.nextGaussian();
        }
        float[] a = new float[src.length];
        float[] b = new float[src.length];
        float[] c = new float[src.length];
        new Augmenter(7).augment(src, 64, 3, 11, a);
        new Augmenter(7).augment(src, 64, 3, 11, b);
        new Augmenter(7).augment(src, 64, 4, 11, c);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c).isNotEqualTo(src);
        for (float v : a) {
            assertThat(Preprocessor.unstandardise(v)).isBetween(-1e-6f, 1 + 1e-6f);
        }
    }

    @Test
    void textMarkersAreStampedOnAboutHalfTheImagesAndOnlyWhenAsked() {
        int size = 96;
        float[] grey = new float[size * size];
        java.util.Arrays.fill(grey, Preprocessor.standardise(0.4f));
        float white = Preprocessor.standardise(1f);
        float[] out = new float[grey.length];
        int marked = 0;
        for (int index = 0; index < 40; index++) {
            new Augmenter(3, ShortcutDefences.NONE.withTextMarkers(true)).augment(grey, size, 1, index, out);
            marked += count(out, white) > 10 ? 1 : 0;
            new Augmenter(3, ShortcutDefences.NONE).augment(grey, size, 1, index, out);
            assertThat(count(out, white)).as("no text without the option").isLessThan(3);
        }
        assertThat(marked).isBetween(12, 28);
    }

    private static int count(float[] values, float value) {
        int n = 0;
        for (float v : values) {
            n += v == value ? 1 : 0;
        }
        return n;
    }
}
