package org.covidcxr.app.feedback;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.covidcxr.files.AtomicFiles;
import org.covidcxr.inference.sitetraining.PatientPseudonymizer;

/**
 * The local feedback dataset: radiologist labels of analysed images, for the training wizard to fine-tune on.
 * Layout (a folder, {@code ~/.covidcxr/feedback} by default):
 * <pre>
 *   manifest.csv          file,label,patient_pseudonym,source_sha256,view,model_version,model_covid_probability,recorded_at,user
 *   images/&lt;sha&gt;.png      8-bit grey display image (default window), no metadata: de-identified
 * </pre>
 * {@code file} is relative to the folder; {@code label} is covid, normal, pneumonia or unsure; {@code patient_pseudonym}
 * is the site's HMAC pseudonym of the patient ID (never the ID), so the wizard can split by patient;
 * {@code source_sha256} identifies the original file. Labelling the same image again replaces its row.
 */
public final class FeedbackStore {
    public static final String MANIFEST = "manifest.csv";
    public static final List<String> COLUMNS = List.of("file", "label", "patient_pseudonym", "source_sha256", "view",
            "model_version", "model_covid_probability", "recorded_at", "user");

    /** Held while the manifest is read, changed and rewritten (the manifest itself is replaced, so not it). */
    static final String LOCK_FILE = ".manifest.lock";
    /** File locks are per process: writers to one folder within this process take turns here first. */
    private static final Map<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path root;
    private final Path pseudonymKey;
    private final Object turn;

    /**
     * @param root         the dataset folder (created on first use)
     * @param pseudonymKey the site's pseudonymisation secret (shared with the training wizard)
     */
    public FeedbackStore(Path root, Path pseudonymKey) {
        this.root = root;
        this.pseudonymKey = pseudonymKey;
        this.turn = IN_PROCESS.computeIfAbsent(root.toAbsolutePath().normalize(), k -> new Object());
    }

    public Path root() {
        return root;
    }

    /**
     * @param display     the de-identified pixels: an 8-bit grey rendering without any header
     * @param patientId   the file's patient ID, only to derive the pseudonym; empty → the pseudonym of the file hash
     */
    public Entry record(BufferedImage display, RadiologistLabel label, String patientId, String sourceSha256,
                        String view, String modelVersion, Optional<Double> modelCovidProbability, Instant time,
                        String user) throws IOException {
        String file = "images/" + sourceSha256.substring(0, 32) + ".png";
        AtomicFiles.PLAIN.write(root.resolve(file), tmp -> {
            if (!ImageIO.write(display, "png", tmp.toFile())) {
                throw new IOException("no PNG writer for this image type");
            }
        });
        String pseudonym = PatientPseudonymizer.forSite(pseudonymKey)
                .pseudonym(patientId.isBlank() ? "file:" + sourceSha256 : patientId);
        Entry entry = new Entry(file, label.code(), pseudonym, sourceSha256, view.toUpperCase(Locale.ROOT),
                modelVersion, modelCovidProbability.map(p -> String.format(Locale.ROOT, "%.4f", p)).orElse(""),
                time.toString(), user);
        // Read, change and rewrite the manifest as one step against every writer: other threads (the in-process
        // turn; file locks are per process) and other processes (a second window, the wizard's import).
        synchronized (turn) {
            try (FileChannel channel = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                List<Entry> entries = new ArrayList<>(readManifest());
                entries.removeIf(e -> e.sourceSha256().equals(sourceSha256));
                entries.add(entry);
                writeManifest(entries);
            }
        }
        return entry;
    }

    /** The recorded labels; the manifest is only ever replaced whole (renamed over), so no lock is needed here. */
    public List<Entry> entries() throws IOException {
        return readManifest();
    }

    private List<Entry> readManifest() throws IOException {
        Path manifest = root.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        List<Entry> out = new ArrayList<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (!line.isBlank()) {
                String[] f = line.split(",", -1);
                if (f.length != COLUMNS.size()) {
                    throw new IOException(manifest + " has a malformed line: " + line
                            + ". Restore it from a backup or remove the line.");
                }
                out.add(new Entry(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]));
            }
        }
        return out;
    }

    private void writeManifest(List<Entry> entries) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", COLUMNS));
        entries.forEach(e -> lines.add(e.csv()));
        AtomicFiles.PLAIN.write(root.resolve(MANIFEST), tmp -> Files.write(tmp, lines, StandardCharsets.UTF_8));
    }

    /** One manifest row; every field is CSV-safe by construction (no commas, no quotes). */
    public record Entry(String file, String label, String patientPseudonym, String sourceSha256, String view,
                        String modelVersion, String modelCovidProbability, String recordedAt, String user) {
        public Entry {
            user = user.replaceAll("[,\"\\r\\n]", "_");
            view = view.replaceAll("[,\"\\r\\n]", "_");
            modelVersion = modelVersion.replaceAll("[,\"\\r\\n]", "_");
        }

        String csv() {
            return String.join(",", file, label, patientPseudonym, sourceSha256, view, modelVersion,
                    modelCovidProbability, recordedAt, user);
        }
    }
}
