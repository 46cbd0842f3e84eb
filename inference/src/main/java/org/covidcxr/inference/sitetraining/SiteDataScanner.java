package org.covidcxr.inference.sitetraining;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.covidcxr.dicom.BurnedInText;
import org.covidcxr.dicom.FrontalChestCheck;
import org.covidcxr.dicom.ImageContentCheck;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.dicom.XrayImage;
import org.covidcxr.dicom.XrayImageReader;
import org.covidcxr.inference.CsvTable;

/**
 * Scans a site's labelled images: lists every source, decodes every file once, and sorts it into usable images and
 * skipped files with reasons. One bad file never stops the scan; only {@link Cancellation} does.
 */
public final class SiteDataScanner {
    private final PatientPseudonymizer pseudonymizer;

    public SiteDataScanner(PatientPseudonymizer pseudonymizer) {
        this.pseudonymizer = pseudonymizer;
    }

    /**
     * A file to examine with what its source says about it.
     *
     * @param pseudonymised the patient column already holds site pseudonyms (the feedback dataset, written with
     *                      the same site key), so it is used as is and matches the pseudonym of the real ID
     */
    private record Candidate(Path file, String label, Optional<String> patientId, boolean pseudonymised) {
    }

    /**
     * @throws IOException when a source itself cannot be listed (folder or manifest missing or unreadable): that is
     *                     a wrong choice by the trainer, not a bad file, so the whole scan reports it
     * @throws java.util.concurrent.CancellationException when {@code cancellation} was triggered
     */
    public ScanResult scan(List<SiteSource> sources, ScanListener listener, Cancellation cancellation)
            throws IOException {
        List<Candidate> candidates = new ArrayList<>();
        List<RejectedFile> rejected = new ArrayList<>();
        for (SiteSource source : sources) {
            cancellation.check();
            list(source, candidates, rejected);
        }
        List<ScannedImage> images = new ArrayList<>();
        Map<String, ScannedImage> byHash = new HashMap<>();
        int done = 0;
        for (Candidate c : candidates) {
            cancellation.check();
            examine(c, images, byHash, rejected);
            listener.onProgress(++done, candidates.size(), c.file());
        }
        return new ScanResult(images, rejected);
    }

    private void list(SiteSource source, List<Candidate> candidates, List<RejectedFile> rejected)
            throws IOException {
        if (source instanceof SiteSource.ClassFolders folders) {
            listFolders(folders, candidates, rejected);
        } else if (source instanceof SiteSource.Manifest manifest) {
            listManifest(manifest.csv(), false, candidates, rejected);
        } else if (source instanceof SiteSource.Feedback feedback) {
            listManifest(feedback.manifest(), true, candidates, rejected);
        }
    }

    private static void listFolders(SiteSource.ClassFolders source, List<Candidate> candidates,
                                    List<RejectedFile> rejected) throws IOException {
        Path root = source.root();
        if (!Files.isDirectory(root)) {
            throw new IOException("The folder " + root + " does not exist or is not a folder. Choose the folder "
                    + "that holds one sub-folder per class (" + ClassLabels.expected() + ").");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).filter(f -> !isHidden(root, f)).sorted().toList();
        }
        for (Path file : files) {
            Path relative = root.relativize(file);
            if (relative.getNameCount() < 2) {
                rejected.add(new RejectedFile(file, ScanProblem.NO_LABEL,
                        "lies directly in the chosen folder; put it in a class sub-folder ("
                                + ClassLabels.expected() + ")"));
                continue;
            }
            String folder = relative.getName(0).toString();
            Optional<String> label = ClassLabels.parse(folder);
            if (label.isEmpty()) {
                rejected.add(new RejectedFile(file, ScanProblem.NO_LABEL, "its folder '" + folder
                        + "' is not a class; use " + ClassLabels.expected()));
                continue;
            }
            candidates.add(new Candidate(file, label.get(), Optional.empty(), false));
        }
    }

    /** Dot-files and dot-folders (.DS_Store, .thumbnails) are operating-system clutter, not images. */
    private static boolean isHidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static void listManifest(Path csv, boolean feedback, List<Candidate> candidates,
                                     List<RejectedFile> rejected) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new IOException("The manifest " + csv + " does not exist. Choose a CSV file with the columns "
                    + "file,label[,patient_id].");
        }
        CsvTable table = CsvTable.read(csv);
        table.require("file", "label");
        // The viewer's feedback dataset stores pseudonyms; site manifests store the hospital's patient IDs.
        String patientColumn = feedback ? "patient_pseudonym" : "patient_id";
        Path base = csv.toAbsolutePath().getParent();
        for (int row = 0; row < table.size(); row++) {
            Optional<String> name = table.get(row, "file");
            if (name.isEmpty()) {
                rejected.add(new RejectedFile(csv, ScanProblem.MISSING,
                        "line " + CsvTable.lineOf(row) + " names no file"));
                continue;
            }
            Path file = base.resolve(name.get()).normalize();
            String text = table.get(row, "label").orElse("");
            Optional<String> label = ClassLabels.parse(text);
            if (label.isEmpty()) {
                rejected.add(new RejectedFile(file, ScanProblem.NO_LABEL, "label '" + text + "' (line "
                        + CsvTable.lineOf(row) + ") is not one of " + ClassLabels.expected()));
                continue;
            }
            Optional<String> view = table.get(row, "view");
            if (view.isPresent() && FrontalChestCheck.isLateral(view.get())) {
                rejected.add(new RejectedFile(file, ScanProblem.NOT_FRONTAL, "the manifest gives the view as "
                        + view.get() + "; the model is for frontal (PA/AP) views"));
                continue;
            }
            if (!Files.isRegularFile(file)) {
                rejected.add(new RejectedFile(file, ScanProblem.MISSING, "listed on line " + CsvTable.lineOf(row)
                        + " of " + csv.getFileName() + " but not found; check the path"));
                continue;
            }
            candidates.add(new Candidate(file, label.get(), table.get(row, patientColumn), feedback));
        }
    }

    private void examine(Candidate c, List<ScannedImage> images, Map<String, ScannedImage> byHash,
                         List<RejectedFile> rejected) {
        XrayImage image;
        ImageFormat format = ImageFormat.OTHER;
        try {
            format = ImageFormat.sniff(c.file());
            image = XrayImageReader.read(c.file());
        } catch (ImageReadException e) {
            ScanProblem problem = ScanProblem.of(e.problem());
            // A file that starts like a PNG/JPEG/DICOM but does not decode is damaged, whatever the decoder thinks.
            if (problem == ScanProblem.UNSUPPORTED && format != ImageFormat.OTHER
                    && e.problem() != ImageReadException.Problem.UNSUPPORTED_COMPRESSION) {
                problem = ScanProblem.UNREADABLE;
            }
            rejected.add(new RejectedFile(c.file(), problem, e.getMessage()));
            return;
        } catch (IOException | RuntimeException e) {
            // A decoder bug on one odd file must not end a scan of thousands.
            rejected.add(new RejectedFile(c.file(), ScanProblem.UNREADABLE,
                    "could not be read (" + e.getMessage() + ")"));
            return;
        }
        List<FrontalChestCheck.Concern> concerns = FrontalChestCheck.concerns(image.study());
        if (!concerns.isEmpty()) {
            FrontalChestCheck.Concern first = concerns.get(0);
            ScanProblem problem = first.kind() == FrontalChestCheck.Kind.NOT_FRONTAL
                    ? ScanProblem.NOT_FRONTAL : ScanProblem.NOT_CHEST_XRAY;
            rejected.add(new RejectedFile(c.file(), problem, first.message()));
            return;
        }
        List<String> content = ImageContentCheck.concerns(image);
        if (!content.isEmpty()) {
            // The workstation flags such images instead of analysing them; training on them would teach noise.
            rejected.add(new RejectedFile(c.file(), ScanProblem.NO_CHEST_CONTENT, content.get(0)));
            return;
        }
        if (image.study().burnedInAnnotation()) {
            // Found now, not when the de-identified copy refuses it and the whole run fails to prepare.
            rejected.add(new RejectedFile(c.file(), ScanProblem.BURNED_IN_TEXT, BurnedInText.PRESENT_REASON
                    + ", so its pixels cannot join the de-identified dataset; clean them with a dedicated tool first"));
            return;
        }
        String hash = pixelHash(image);
        ScannedImage first = byHash.get(hash);
        if (first != null) {
            String labels = first.label().equals(c.label()) ? ""
                    : " (labelled " + first.label() + " there but " + c.label() + " here: check both)";
            rejected.add(new RejectedFile(c.file(), ScanProblem.DUPLICATE,
                    "same image as " + first.file().getFileName() + labels));
            return;
        }
        Optional<String> patientId = c.patientId().or(() -> Optional.of(image.study().patientId())
                .filter(id -> !id.isBlank()));
        // Without a patient ID the image is its own "patient": stable, but cannot keep a patient's images together.
        String patient = patientId.map(id -> c.pseudonymised() ? id : pseudonymizer.pseudonym(id))
                .orElse("i-" + hash.substring(0, 16));
        ScannedImage accepted = new ScannedImage(c.file(), c.label(), patient, patientId.isPresent(), hash,
                format == ImageFormat.OTHER ? ImageFormat.DICOM : format);
        byHash.put(hash, accepted);
        images.add(accepted);
    }

    /** SHA-256 over the geometry and the decoded values: the same radiograph re-saved under any name matches. */
    static String pixelHash(XrayImage image) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        buffer.putInt(image.width()).putInt(image.height());
        FloatBuffer values = image.values();
        while (values.hasRemaining()) {
            if (buffer.remaining() < Float.BYTES) {
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
            buffer.putFloat(values.get());
        }
        buffer.flip();
        digest.update(buffer);
        return java.util.HexFormat.of().formatHex(digest.digest());
    }
}
