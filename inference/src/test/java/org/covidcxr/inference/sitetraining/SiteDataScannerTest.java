package org.covidcxr.inference.sitetraining;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteDataScannerTest {
    @TempDir
    Path tmp;
    private SiteDataScanner scanner;

    @BeforeEach
    void setUp() throws IOException {
        scanner = new SiteDataScanner(PatientPseudonymizer.forSite(tmp.resolve("key")));
    }

    @Test
    void classFoldersCountedAndBadFilesListedWithReasons() throws IOException {
        Path root = tmp.resolve("site");
        SiteImages.png(root.resolve("covid/a.png"), 1);
        SiteImages.png(root.resolve("covid/sub/b.png"), 2);
        SiteImages.jpeg(root.resolve("normal/c.jpg"), 3);
        SiteImages.png(root.resolve("Pneumonia/d.png"), 4);
        // A copy of a.png under another name and class: same pixels, so a duplicate.
        Files.copy(root.resolve("covid/a.png"), root.resolve("normal/copy-of-a.png"));
        // A transfer cut short: the PNG signature and header, then nothing.
        byte[] png = Files.readAllBytes(SiteImages.png(tmp.resolve("whole.png"), 9));
        Files.write(root.resolve("normal/broken.png"), java.util.Arrays.copyOf(png, 40));
        Files.writeString(root.resolve("covid/notes.txt"), "not an image");
        SiteImages.png(root.resolve("other/e.png"), 5);
        SiteImages.png(root.resolve("loose.png"), 6);
        Files.writeString(root.resolve("covid/.DS_Store"), "junk");
        // An export gone wrong: every pixel black.
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(300, 300,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png", root.resolve("Pneumonia/blank.png").toFile());

        List<int[]> progress = new ArrayList<>();
        ScanResult result = scanner.scan(List.of(new SiteSource.ClassFolders(root)),
                (done, total, file) -> progress.add(new int[]{done, total}), new Cancellation());

        assertThat(result.imagesPerClass()).containsExactly(Map.entry("covid", 2), Map.entry("normal", 1),
                Map.entry("pneumonia", 1));
        assertThat(result.rejected()).extracting(r -> r.file().getFileName().toString(), RejectedFile::problem)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("copy-of-a.png", ScanProblem.DUPLICATE),
                        org.assertj.core.groups.Tuple.tuple("broken.png", ScanProblem.UNREADABLE),
                        org.assertj.core.groups.Tuple.tuple("notes.txt", ScanProblem.UNSUPPORTED),
                        org.assertj.core.groups.Tuple.tuple("e.png", ScanProblem.NO_LABEL),
                        org.assertj.core.groups.Tuple.tuple("loose.png", ScanProblem.NO_LABEL),
                        org.assertj.core.groups.Tuple.tuple("blank.png", ScanProblem.NO_CHEST_CONTENT));
        assertThat(result.rejected()).filteredOn(r -> r.problem() == ScanProblem.DUPLICATE).singleElement()
                .satisfies(r -> assertThat(r.message()).contains("a.png").contains("labelled covid there"));
        assertThat(progress).hasSize(8).last().satisfies(p -> assertThat(p).containsExactly(8, 8));
        assertThat(result.imagesWithoutPatient()).isEqualTo(4);
    }

    @Test
    void aDicomMarkedWithBurnedInTextIsListedAtScanNotFoundWhenTheCopyFails() throws Exception {
        Path real = SiteTrainingFixture.sharedCxr().resolveSibling("dicom/real/CR-MONO1-10-chest.dcm");
        Path root = tmp.resolve("site");
        Files.createDirectories(root.resolve("covid"));
        Files.copy(real, root.resolve("covid/unmarked.dcm"));
        org.covidcxr.inference.TestDicom.withCodeString(real, com.pixelmed.dicom.TagFromName.BurnedInAnnotation,
                "YES", root.resolve("covid/marked.dcm"));

        ScanResult result = scanner.scan(List.of(new SiteSource.ClassFolders(root)), ScanListener.NONE,
                new Cancellation());

        assertThat(result.images()).extracting(i -> i.file().getFileName().toString()).containsExactly("unmarked.dcm");
        assertThat(result.rejected()).singleElement().satisfies(r -> {
            assertThat(r.file().getFileName().toString()).isEqualTo("marked.dcm");
            assertThat(r.problem()).isEqualTo(ScanProblem.BURNED_IN_TEXT);
            assertThat(r.message()).contains("Burned In Annotation = YES");
        });
    }

    @Test
    void manifestPatientIdsArePseudonymisedStablyAndNeverStoredInClear() throws IOException {
        Path site = tmp.resolve("m");
        SiteImages.png(site.resolve("img/1.png"), 11);
        SiteImages.png(site.resolve("img/2.png"), 12);
        SiteImages.png(site.resolve("img/3.png"), 13);
        Files.writeString(site.resolve("labels.csv"), """
                file,label,patient_id
                img/1.png,covid,MRN-0001
                img/2.png,COVID-19,"MRN-0001"
                img/3.png,normal,MRN-0002
                img/4.png,normal,MRN-0003
                img/1.png,unsure,MRN-0001
                """);
        ScanResult first = scanner.scan(List.of(new SiteSource.Manifest(site.resolve("labels.csv"))),
                ScanListener.NONE, new Cancellation());
        ScanResult again = new SiteDataScanner(PatientPseudonymizer.forSite(tmp.resolve("key")))
                .scan(List.of(new SiteSource.Manifest(site.resolve("labels.csv"))), ScanListener.NONE,
                        new Cancellation());
        ScanResult otherSite = new SiteDataScanner(PatientPseudonymizer.forSite(tmp.resolve("other-key")))
                .scan(List.of(new SiteSource.Manifest(site.resolve("labels.csv"))), ScanListener.NONE,
                        new Cancellation());

        assertThat(first.images()).extracting(ScannedImage::label).containsExactly("covid", "covid", "normal");
        List<String> patients = first.images().stream().map(ScannedImage::patient).toList();
        assertThat(patients.get(0)).isEqualTo(patients.get(1)).isNotEqualTo(patients.get(2)).startsWith("p-")
                .doesNotContain("MRN");
        assertThat(again.images()).extracting(ScannedImage::patient).isEqualTo(patients);
        assertThat(otherSite.images()).extracting(ScannedImage::patient).doesNotContainAnyElementsOf(patients);
        assertThat(first.rejected()).extracting(RejectedFile::problem)
                .containsExactly(ScanProblem.MISSING, ScanProblem.NO_LABEL);
        assertThat(first.imagesWithoutPatient()).isZero();
    }

    @Test
    void missingSourceIsReportedAsAWholeAndCancellationStopsTheScan() throws IOException {
        assertThatThrownBy(() -> scanner.scan(List.of(new SiteSource.ClassFolders(tmp.resolve("nope"))),
                ScanListener.NONE, new Cancellation())).isInstanceOf(IOException.class).hasMessageContaining("nope");

        Path root = tmp.resolve("site");
        for (int i = 0; i < 5; i++) {
            SiteImages.png(root.resolve("normal/" + i + ".png"), i);
        }
        Cancellation cancellation = new Cancellation();
        assertThatThrownBy(() -> scanner.scan(List.of(new SiteSource.ClassFolders(root)),
                (done, total, file) -> cancellation.cancel(), cancellation))
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void pseudonymsDependOnTheSiteKeyAndTheKeyIsKept() throws IOException {
        Path key = tmp.resolve("keys/site.key");
        String a = PatientPseudonymizer.forSite(key).pseudonym("12345");
        assertThat(PatientPseudonymizer.forSite(key).pseudonym(" 12345 ")).isEqualTo(a);
        assertThat(PatientPseudonymizer.forSite(tmp.resolve("keys/other.key")).pseudonym("12345")).isNotEqualTo(a);
        assertThat(Files.size(key)).isEqualTo(32);
        Files.write(key, new byte[3]);
        assertThatThrownBy(() -> PatientPseudonymizer.forSite(key)).hasMessageContaining("damaged");
    }
}
