package org.covidcxr.modelstore;

import org.covidcxr.files.FileTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The store's folder as its parts see it: {@code <root>/<version>/} per bundle beside {@code active.json} and hidden
 * files. Reads only, apart from quiet removal of leftovers; works without the lock because bundles and the pointer
 * only ever appear or change by atomic renames.
 *
 * @param root the store's real (symlink-free) root folder
 */
record StoreFolder(Path root) {

    // Logged under the facade's name, as before it was split up, so that log searches and filters keep working.
    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);

    /** Where bundle {@code version} is (or would be) stored. */
    Path bundlePath(String version) {
        return root.resolve(version);
    }

    /** Names of the bundle folders, in version order. Hidden (temporary) folders never count. */
    List<String> versions() {
        List<String> versions = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (ModelCard.isValidVersion(name)) {
                    versions.add(name);
                }
            }
        } catch (IOException e) {
            throw new ModelStoreException("Cannot read the model store folder " + root + ": " + e.getMessage(), e);
        }
        versions.sort(VersionOrder.INSTANCE);
        return versions;
    }

    /** @throws ModelNotFoundException naming the versions there are, if there is no such bundle folder */
    Path existingBundle(String version) {
        if (!ModelCard.isValidVersion(version) || !Files.isDirectory(bundlePath(version))) {
            throw new ModelNotFoundException("There is no model version '" + version + "' in " + root
                    + " (available: " + String.join(", ", versions()) + "). See `models list`.");
        }
        return bundlePath(version);
    }

    /**
     * @param origin where the new model comes from, for the message (e.g. "archive /media/usb/1.2.0.zip")
     * @throws ModelStoreException if the store already holds {@code version}
     */
    void requireNew(String version, String origin) {
        if (Files.exists(bundlePath(version))) {
            // A sealed bundle's version cannot be edited (its checksums cover the card): the choice is which to keep.
            throw new ModelStoreException("Version " + version + " (from " + origin + ") already exists in the "
                    + "model store " + root + ". If they are the same model, nothing needs to be done; compare "
                    + "their model cards (`models show " + version + "`). To replace the stored one, delete it first "
                    + "(`models delete " + version + "`), then add the new one again.");
        }
    }

    /** Verification plus the store's own rule: the folder name is the card's version. */
    VerificationReport verify(Path dir) {
        VerificationReport report = ModelBundles.verify(dir);
        String folderName = dir.getFileName().toString();
        if (report.card().isPresent() && !report.card().get().version().equals(folderName)) {
            List<BundleProblem> problems = new ArrayList<>(report.problems());
            problems.add(new BundleProblem(BundleProblem.Kind.CARD, ModelBundle.CARD_FILE, "says version "
                    + report.card().get().version() + " but the bundle folder is " + folderName));
            return new VerificationReport(folderName, report.directory(), report.card(), problems);
        }
        return new VerificationReport(folderName, report.directory(), report.card(), report.problems());
    }

    /** SHA-256 of a stored bundle's checksum manifest, which names the hash of every file: the bundle's identity. */
    String checksum(String version) {
        try {
            return ChecksumManifest.sha256(bundlePath(version).resolve(ModelBundle.MANIFEST_FILE));
        } catch (IOException e) {
            return "";
        }
    }

    /** @throws ModelStoreException if the pointer is unreadable */
    ActiveState readState() {
        return ActiveState.read(root);
    }

    /** Writers replace an unreadable pointer instead of failing: the user is choosing a model anew. */
    ActiveState readStateForChange() {
        try {
            return ActiveState.read(root);
        } catch (ModelStoreException e) {
            LOG.warn("{} It will be replaced.", e.getMessage());
            return ActiveState.NONE;
        }
    }

    /** Removes a file or folder tree; one that cannot be removed now is a leftover that the next open removes. */
    void removeQuietly(Path path) {
        try {
            FileTrees.delete(path);
        } catch (IOException e) {
            LOG.warn("Cannot remove {} ({}); it will be removed when the store is next opened.", path, e.toString());
        }
    }
}
