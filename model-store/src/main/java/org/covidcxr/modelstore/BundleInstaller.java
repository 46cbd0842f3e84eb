package org.covidcxr.modelstore;

import org.covidcxr.files.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * Adds and removes bundle folders without ever showing a partial one: a new bundle is built and verified in a hidden
 * {@code .staging-*} folder and renamed into place whole; a deleted one is first renamed to a hidden {@code .trash-*}
 * folder. Hidden folders a crash leaves behind are removed by {@link #removeLeftovers()}. Every change is recorded
 * through the {@link ChangeRecorder}. The caller holds the store's lock.
 */
final class BundleInstaller {

    // Logged under the facade's name, as before it was split up, so that log searches and filters keep working.
    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
    private static final String STAGING_PREFIX = ".staging-";
    private static final String TRASH_PREFIX = ".trash-";

    /** Puts a new bundle's files into the empty staging folder. */
    @FunctionalInterface
    interface Filler {
        void fill(Path staging) throws IOException;
    }

    /**
     * Decides whether the verified bundle in staging, to be added as {@code version}, may enter (it may sign it
     * first) and returns the signature it enters with, if any.
     */
    @FunctionalInterface
    interface Admission {
        Optional<BundleSignature> admit(Path staging, String version);
    }

    private final StoreFolder folder;
    private final ChangeRecorder changes;
    private final StoreSignatures signatures;

    BundleInstaller(StoreFolder folder, ChangeRecorder changes) {
        this.folder = folder;
        this.changes = changes;
        this.signatures = new StoreSignatures(folder, changes);
    }

    StoreSignatures signatures() {
        return signatures;
    }

    /** Copies a sealed bundle folder the site made in, signed with the site's key and recorded as published. */
    ModelBundle publish(Path source) {
        ModelBundle bundle = ModelBundles.open(source, "Seal the folder again with ModelBundles.seal after the last "
                + "change, then publish it.");
        if (Files.exists(source.resolve(BundleSignature.FILE_NAME))) {
            // Publishing re-signs with the site's key: a bundle someone else signed would lose its signer unchecked.
            throw new ModelStoreException("The folder " + source + " is signed (" + BundleSignature.FILE_NAME + "), so "
                    + "it was made elsewhere: import it (`models import " + source + "`), which checks its signer. "
                    + "Only a model trained at this site is published.");
        }
        folder.requireNew(bundle.version(), "folder " + source);
        return install("folder " + source, staging -> copyBundle(bundle.directory(), staging),
                ModelStoreEvent.Type.PUBLISHED, Optional.of(source),
                (staging, version) -> Optional.of(signatures.signForSite(staging, version)));
    }

    /**
     * Adds a bundle from elsewhere (an archive or a folder), recorded as imported, if it is signed by a trusted key
     * or by the one the user trusts now ({@code trustedNow}, a fingerprint).
     */
    ModelBundle importBundle(Path source, ZipLimits limits, Optional<String> trustedNow) {
        boolean isFolder = Files.isDirectory(source);
        String origin = (isFolder ? "folder " : "archive ") + source;
        Filler filler = isFolder ? staging -> copyBundle(ModelBundles.open(source).directory(), staging)
                : staging -> SafeZip.extract(source, staging, limits);
        return install(origin, filler, ModelStoreEvent.Type.IMPORTED, Optional.of(source),
                (staging, version) -> Optional.of(signatures.admit(staging, version, origin, trustedNow)));
    }

    /**
     * Builds a bundle in a staging folder, verifies it, lets {@code admission} decide and renames it into place,
     * recorded as {@code type}.
     *
     * @param origin where the bundle comes from, for messages (e.g. "archive /media/usb/1.2.0.zip")
     * @param file   the source folder or archive, for the record
     */
    ModelBundle install(String origin, Filler filler, ModelStoreEvent.Type type, Optional<Path> file,
                        Admission admission) {
        Path staging = folder.root().resolve(STAGING_PREFIX + UUID.randomUUID());
        try {
            Files.createDirectory(staging);
            filler.fill(staging);
            VerificationReport report = ModelBundles.verify(staging);
            if (!report.ok()) {
                throw new BundleIntegrityException(report, "The " + origin, "It was changed or damaged after it "
                        + "was sealed or signed and was not added to the store. Obtain an intact copy.");
            }
            ModelCard card = report.card().orElseThrow();
            folder.requireNew(card.version(), origin);
            Optional<BundleSignature> signature = admission.admit(staging, card.version());
            Path target = folder.bundlePath(card.version());
            changes.record(ChangeJournal.Intent.of(type, card.version(), Optional.empty(), file,
                    ChecksumManifest.sha256(staging.resolve(ModelBundle.MANIFEST_FILE)), Optional.empty(),
                    signature.map(BundleSignature::describe)),
                    () -> CrashPoint.FILES.rename(staging, target));
            LOG.info("Model {} added to {} from {}", card.version(), folder.root(), origin);
            return new ModelBundle(target, card);
        } catch (FileAlreadyExistsException e) {
            throw new ModelStoreException("Cannot add " + origin + " to " + folder.root() + ": " + e.getFile()
                    + " already exists.", e);
        } catch (IOException e) {
            throw new ModelStoreException("Cannot add " + origin + " to " + folder.root() + ": " + e + ".", e);
        } finally {
            folder.removeQuietly(staging);
        }
    }

    /** Deletes a version that is not active; it leaves the rollback history too. */
    void delete(String version) {
        Path dir = folder.existingBundle(version);
        ActiveState state = folder.readStateForChange();
        if (version.equals(state.active())) {
            throw new ModelStoreException("Version " + version + " is the active model and cannot be deleted. "
                    + "Activate another version first (`models activate VERSION` or `models rollback`).");
        }
        // Renamed away first so that a crash mid-delete never leaves a partial bundle in the listing.
        Path trash = folder.root().resolve(TRASH_PREFIX + UUID.randomUUID());
        changes.record(ChangeJournal.Intent.of(ModelStoreEvent.Type.DELETED, version, Optional.empty(),
                Optional.empty(), folder.checksum(version), Optional.empty(), Optional.empty()),
                () -> CrashPoint.FILES.rename(dir, trash));
        if (state.history().contains(version)) {
            state.retainHistory(v -> !v.equals(version)).write(folder.root());
        }
        folder.removeQuietly(trash); // the version is gone already; a leftover is removed when the store next opens
    }

    /** Removes the hidden folders and files of changes a crash interrupted (none of them is in effect). */
    void removeLeftovers() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder.root(), p -> {
            String n = p.getFileName().toString();
            return n.startsWith(STAGING_PREFIX) || n.startsWith(TRASH_PREFIX) || n.startsWith(AtomicFiles.TEMP_PREFIX);
        })) {
            for (Path p : entries) {
                LOG.info("Removing {} left by an interrupted change to the model store", p);
                folder.removeQuietly(p);
            }
        } catch (IOException e) {
            LOG.warn("Cannot clean up the model store {}: {}", folder.root(), e.toString());
        }
    }

    private static void copyBundle(Path source, Path staging) throws IOException {
        for (String file : ModelBundles.filesToCopy(source)) {
            Path target = staging.resolve(file);
            Files.createDirectories(target.getParent());
            try (InputStream in = Files.newInputStream(source.resolve(file))) {
                CrashPoint.FILES.copy(in, target);
            }
        }
    }
}
