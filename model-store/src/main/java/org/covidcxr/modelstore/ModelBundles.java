package org.covidcxr.modelstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.covidcxr.modelstore.BundleProblem.Kind;

/** Seals, verifies and opens bundle folders outside or inside a store. */
public final class ModelBundles {

    static final String DEFAULT_ADVICE = "Do not use this model: restore the bundle from a trusted export "
            + "(`models import FILE`) or delete it.";

    private ModelBundles() {
    }

    /**
     * Writes {@value ModelBundle#MANIFEST_FILE} for a folder produced by training (SavedModel exported and
     * {@value ModelBundle#CARD_FILE} written) and returns it as a verified bundle. Call it last: any later change
     * to the folder makes verification fail.
     *
     * @throws ModelStoreException if the folder lacks the card or the SavedModel, or holds links
     */
    public static ModelBundle seal(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new ModelStoreException("Cannot seal " + folder + ": it is not a folder.");
        }
        ModelCards.read(folder.resolve(ModelBundle.CARD_FILE));
        if (!Files.isRegularFile(folder.resolve(ModelBundle.SAVED_MODEL_PB))) {
            throw new ModelStoreException("Cannot seal " + folder + ": " + ModelBundle.SAVED_MODEL_PB
                    + " is missing; export the SavedModel into " + ModelBundle.SAVED_MODEL_DIR + "/ first.");
        }
        try {
            Files.deleteIfExists(folder.resolve(BundleSignature.FILE_NAME)); // it signed the content sealed before
            ChecksumManifest.write(folder);
        } catch (IOException e) {
            throw new ModelStoreException("Cannot write " + folder.resolve(ModelBundle.MANIFEST_FILE) + ": "
                    + e.getMessage(), e);
        }
        return open(folder);
    }

    /**
     * Verifies a bundle folder and returns it.
     *
     * @throws BundleIntegrityException naming every changed, missing or unexpected file
     */
    public static ModelBundle open(Path folder) {
        return open(folder, DEFAULT_ADVICE);
    }

    static ModelBundle open(Path folder, String advice) {
        VerificationReport report = verify(folder);
        if (!report.ok()) {
            throw new BundleIntegrityException(report, "Model bundle " + report.directory(), advice);
        }
        return new ModelBundle(folder, report.card().orElseThrow());
    }

    /**
     * Checks every file of a bundle folder against its manifest, its card and SavedModel for presence, and its
     * signature, if it has one, against the manifest. Whether the signer is trusted is not checked here.
     */
    public static VerificationReport verify(Path folder) {
        List<BundleProblem> problems = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            problems.add(new BundleProblem(Kind.MISSING, ".", "bundle folder " + folder + " does not exist"));
            return new VerificationReport(folder.getFileName().toString(), folder, Optional.empty(), problems);
        }
        Optional<ModelCard> card = readCard(folder, problems);
        try {
            List<String> files = new ArrayList<>();
            List<String> others = new ArrayList<>();
            ChecksumManifest.walk(folder, files, others);
            others.forEach(f -> problems.add(new BundleProblem(Kind.NOT_A_REGULAR_FILE, f,
                    "is a link or special file; a bundle may hold regular files only")));
            compareWithManifest(folder, files, problems);
            checkSignature(folder, problems);
            if (!files.contains(ModelBundle.SAVED_MODEL_PB)) {
                problems.add(new BundleProblem(Kind.INCOMPLETE, ModelBundle.SAVED_MODEL_PB,
                        "the SavedModel is missing"));
            }
        } catch (IOException e) {
            problems.add(new BundleProblem(Kind.MISSING, ".", "cannot read the bundle: " + e));
        }
        String version = card.map(ModelCard::version).orElse(folder.getFileName().toString());
        return new VerificationReport(version, folder.toAbsolutePath().normalize(), card, problems);
    }

    private static Optional<ModelCard> readCard(Path folder, List<BundleProblem> problems) {
        try {
            return Optional.of(ModelCards.read(folder.resolve(ModelBundle.CARD_FILE)));
        } catch (ModelStoreException e) {
            problems.add(new BundleProblem(Kind.CARD, ModelBundle.CARD_FILE, e.getMessage()));
            return Optional.empty();
        }
    }

    /** Who signed a verified bundle (the signature itself was checked when it was opened); empty if nobody did. */
    public static Optional<BundleSignature> signature(ModelBundle bundle) {
        return BundleSignature.read(bundle.directory());
    }

    private static void checkSignature(Path folder, List<BundleProblem> problems) throws IOException {
        Optional<BundleSignature> signature;
        try {
            signature = BundleSignature.read(folder);
        } catch (ModelStoreException e) {
            problems.add(new BundleProblem(Kind.SIGNATURE, BundleSignature.FILE_NAME, e.getMessage()));
            return;
        }
        Path manifest = folder.resolve(ModelBundle.MANIFEST_FILE);
        if (signature.isPresent() && Files.isRegularFile(manifest)
                && !signature.get().matches(Files.readAllBytes(manifest))) {
            problems.add(new BundleProblem(Kind.SIGNATURE, BundleSignature.FILE_NAME, "does not match the bundle's "
                    + "checksums: the bundle was changed and sealed again after " + signature.get().signer()
                    + " signed it"));
        }
    }

    /**
     * The files a copy of the sealed bundle {@code folder} holds, relative: those its manifest lists, the manifest
     * and, if there is one, the signature.
     */
    static List<String> filesToCopy(Path folder) throws IOException {
        List<String> files = new ArrayList<>(ChecksumManifest.read(folder.resolve(ModelBundle.MANIFEST_FILE)).keySet());
        files.add(ModelBundle.MANIFEST_FILE);
        if (Files.isRegularFile(folder.resolve(BundleSignature.FILE_NAME))) {
            files.add(BundleSignature.FILE_NAME);
        }
        files.sort(null);
        return files;
    }

    private static void compareWithManifest(Path folder, List<String> files, List<BundleProblem> problems)
            throws IOException {
        Map<String, String> expected;
        try {
            expected = ChecksumManifest.read(folder.resolve(ModelBundle.MANIFEST_FILE));
        } catch (ModelStoreException e) {
            problems.add(new BundleProblem(Kind.MANIFEST, ModelBundle.MANIFEST_FILE, e.getMessage()));
            return;
        }
        Set<String> present = new HashSet<>(files);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String file = e.getKey();
            if (!present.contains(file)) {
                problems.add(new BundleProblem(Kind.MISSING, file, "listed in " + ModelBundle.MANIFEST_FILE
                        + " but missing"));
            } else if (!ChecksumManifest.sha256(folder.resolve(file)).equals(e.getValue())) {
                problems.add(new BundleProblem(Kind.MODIFIED, file,
                        "content changed since the bundle was sealed (SHA-256 mismatch)"));
            }
        }
        for (String file : files) {
            if (!expected.containsKey(file)) {
                problems.add(new BundleProblem(Kind.UNEXPECTED, file, "not listed in " + ModelBundle.MANIFEST_FILE
                        + " (added after the bundle was sealed)"));
            }
        }
    }
}
