package org.covidcxr.inference.sitetraining;

import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.covidcxr.dicom.Deidentifier;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.files.AtomicFiles;
import org.covidcxr.inference.CsvTable;

/**
 * Writes the images of a split plan, de-identified, into a dataset folder of the run, with a manifest in the same
 * layout as {@code ../shared/data/cxr} ({@code file,label,source,patient_id,split}). Training reads only this copy, so
 * a run can be repeated (and audited) even after the site's original folders changed.
 *
 * <p>File names become the image's content hash: original names often carry patient names or IDs.
 */
public final class SiteDatasetWriter {
    public static final String MANIFEST = "manifest.csv";
    /** The {@code source} column of site datasets; per-source metrics then group all site images together. */
    public static final String SOURCE = "site";

    private SiteDatasetWriter() {
    }

    /**
     * Writes {@code plan} into {@code folder} (created; must be empty or absent) and returns the manifest's path.
     * The manifest is written last and atomically: a folder without it is an incomplete copy.
     */
    public static Path write(SplitPlan plan, Path folder, ScanListener listener, Cancellation cancellation)
            throws IOException {
        Path manifest = folder.resolve(MANIFEST);
        // One session: images of one study keep belonging together after their UIDs are remapped.
        Deidentifier dicom = new Deidentifier();
        AtomicFiles.PLAIN.write(manifest, tmp -> {
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                CsvTable.writeRow(out, "file", "label", "source", "patient_id", "split");
                int done = 0;
                for (SplitPlan.Assigned a : plan.assigned()) {
                    cancellation.check();
                    ScannedImage image = a.image();
                    String relative = "images/" + image.label() + "/" + image.contentHash().substring(0, 24) + "."
                            + image.format().extension();
                    Path target = folder.resolve(relative);
                    Files.createDirectories(target.getParent());
                    copyDeidentified(image, target, dicom);
                    CsvTable.writeRow(out, relative, image.label(), SOURCE, image.patient(), a.split().column());
                    listener.onProgress(++done, plan.assigned().size(), image.file());
                }
            }
        });
        return manifest;
    }

    private static void copyDeidentified(ScannedImage image, Path target, Deidentifier dicom) throws IOException {
        switch (image.format()) {
            case PNG -> rewritePng(image.file(), target);
            case JPEG -> copyJpegWithoutMetadata(image.file(), target);
            case DICOM -> {
                try {
                    dicom.deidentify(image.file(), target);
                } catch (ImageReadException e) {
                    throw new IOException(e.getMessage() + " (it was readable when scanned; was it changed since?)",
                            e);
                }
            }
            default -> throw new IOException(image.file().getFileName() + " has an unknown format");
        }
    }

    /** Re-encoding keeps every pixel (PNG is lossless) and drops text/EXIF chunks that may name the patient. */
    private static void rewritePng(Path source, Path target) throws IOException {
        BufferedImage pixels = ImageIO.read(source.toFile());
        if (pixels == null || !ImageIO.write(pixels, "png", target.toFile())) {
            throw new IOException(source.getFileName() + " could not be re-encoded as PNG");
        }
    }

    /**
     * Copies the JPEG segment by segment, dropping comments and application segments other than JFIF (APP0) and
     * Adobe (APP14, which tells decoders the colour transform): EXIF and XMP may carry names, dates and IDs.
     * Re-encoding would lose quality; the entropy-coded data is copied unchanged.
     */
    private static void copyJpegWithoutMetadata(Path source, Path target) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(source));
             OutputStream out = Files.newOutputStream(target)) {
            if (in.readUnsignedShort() != 0xFFD8) {
                throw new IOException(source.getFileName() + " is not a JPEG");
            }
            out.write(new byte[]{(byte) 0xFF, (byte) 0xD8});
            while (true) {
                int marker = in.readUnsignedShort();
                if ((marker & 0xFF00) != 0xFF00) {
                    throw new IOException(source.getFileName() + ": damaged JPEG marker");
                }
                int length = in.readUnsignedShort();
                byte[] payload = in.readNBytes(length - 2);
                if (payload.length != length - 2) {
                    throw new EOFException(source.getFileName() + ": truncated JPEG");
                }
                boolean metadata = marker == 0xFFFE || (marker >= 0xFFE1 && marker <= 0xFFEF && marker != 0xFFEE);
                if (!metadata) {
                    writeSegment(out, marker, length, payload);
                }
                if (marker == 0xFFDA) {
                    // Start of scan: the rest (entropy-coded data, further scans, EOI) is image data.
                    in.transferTo(out);
                    return;
                }
            }
        }
    }

    private static void writeSegment(OutputStream out, int marker, int length, byte[] payload) throws IOException {
        out.write(new byte[]{(byte) (marker >> 8), (byte) marker, (byte) (length >> 8), (byte) length});
        out.write(payload);
    }
}
