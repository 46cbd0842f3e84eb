package org.covidcxr.inference.sitetraining;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.covidcxr.dicom.XrayImageReader;
import org.covidcxr.inference.CsvTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteDatasetWriterTest {
    @TempDir
    Path tmp;

    @Test
    void copiesKeepPixelsDropMetadataAndGetAManifestWithSplits() throws Exception {
        Path root = tmp.resolve("Smith^John");
        pngWithText(root.resolve("covid/Smith_John_MRN123.png"), 1);
        SiteImages.jpeg(root.resolve("normal/a.jpg"), 2);
        SiteImages.png(root.resolve("pneumonia/b.png"), 3);
        PatientPseudonymizer pseudonymizer = PatientPseudonymizer.forSite(tmp.resolve("key"));
        ScanResult scan = new SiteDataScanner(pseudonymizer).scan(List.of(new SiteSource.ClassFolders(root)),
                ScanListener.NONE, new Cancellation());
        SplitPlan plan = SplitPlanner.plan(scan, SplitSettings.defaults(3));

        Path manifest = SiteDatasetWriter.write(plan, tmp.resolve("dataset"), ScanListener.NONE, new Cancellation());

        List<String> lines = Files.readAllLines(manifest);
        assertThat(lines.get(0)).isEqualTo("file,label,source,patient_id,split");
        assertThat(lines).hasSize(4).noneMatch(l -> l.contains("Smith") || l.contains("MRN"));
        CsvTable table = CsvTable.read(manifest);
        for (int row = 0; row < table.size(); row++) {
            Path copy = manifest.getParent().resolve(table.get(row, "file").orElseThrow());
            ScannedImage original = scan.images().get(row);
            assertThat(SiteDataScanner.pixelHash(XrayImageReader.read(copy))).isEqualTo(original.contentHash());
            assertThat(new String(Files.readAllBytes(copy), StandardCharsets.ISO_8859_1)).doesNotContain("Smith");
            assertThat(table.get(row, "split")).isPresent();
        }
        // Re-scanning the copy finds the same images (the run is reproducible from the dataset alone).
        ScanResult rescanned = new SiteDataScanner(pseudonymizer).scan(List.of(new SiteSource.Manifest(manifest)),
                ScanListener.NONE, new Cancellation());
        assertThat(rescanned.images()).extracting(ScannedImage::contentHash)
                .containsExactlyElementsOf(scan.images().stream().map(ScannedImage::contentHash).toList());
    }

    @Test
    void dicomFilesAreDeduplicatedAcrossTransferSyntaxesAndCopiedDeidentified() throws Exception {
        Path real = Path.of(System.getProperty("covidcxr.shared.data", "../shared/data")).resolve("dicom/real");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(real),
                "shared DICOM files missing at " + real.toAbsolutePath());
        Path site = tmp.resolve("site");
        Files.createDirectories(site.resolve("covid"));
        Files.createDirectories(site.resolve("normal"));
        Files.copy(real.resolve("CR-MONO1-10-chest.dcm"), site.resolve("covid/a.dcm"));
        Files.copy(real.resolve("CR-MONO1-10-chest_rle.dcm"), site.resolve("covid/same-as-a.dcm"));
        Path nih = real.resolve("nih_1.3.6.1.4.1.11129.5.5.110503645592756492463169821050252582267888.dcm");
        Files.copy(nih, site.resolve("normal/b.dcm"));
        ScanResult scan = new SiteDataScanner(PatientPseudonymizer.forSite(tmp.resolve("key")))
                .scan(List.of(new SiteSource.ClassFolders(site)), ScanListener.NONE, new Cancellation());
        assertThat(scan.images()).extracting(ScannedImage::format).containsOnly(ImageFormat.DICOM).hasSize(2);
        assertThat(scan.rejected()).extracting(RejectedFile::problem).containsExactly(ScanProblem.DUPLICATE);
        String nihPatient = XrayImageReader.read(nih).study().patientId();
        assertThat(nihPatient).isNotBlank();

        Path manifest = SiteDatasetWriter.write(SplitPlanner.plan(scan, SplitSettings.defaults(1)),
                tmp.resolve("dataset"), ScanListener.NONE, new Cancellation());
        CsvTable table = CsvTable.read(manifest);
        for (int row = 0; row < table.size(); row++) {
            var copy = XrayImageReader.read(manifest.getParent().resolve(table.get(row, "file").orElseThrow()));
            assertThat(SiteDataScanner.pixelHash(copy)).isEqualTo(scan.images().get(row).contentHash());
            assertThat(copy.study().patientId()).isNotEqualTo(nihPatient);
            assertThat(copy.study().bodyPartExamined() + copy.study().viewPosition())
                    .isEqualTo(XrayImageReader.read(scan.images().get(row).file()).study().bodyPartExamined()
                            + XrayImageReader.read(scan.images().get(row).file()).study().viewPosition());
        }
    }

    /** A PNG whose tEXt chunk names the patient, as some export tools do. */
    private static void pngWithText(Path file, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        var image = SiteImages.image(seed);
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
        IIOMetadataNode text = new IIOMetadataNode("tEXt");
        IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
        entry.setAttribute("keyword", "Author");
        entry.setAttribute("value", "Patient Smith^John");
        text.appendChild(entry);
        IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
        root.appendChild(text);
        metadata.mergeTree("javax_imageio_png_1.0", root);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(new IIOImage(image, null, metadata));
        } finally {
            writer.dispose();
        }
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).contains("Smith");
    }
}
