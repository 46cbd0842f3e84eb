package org.covidcxr.modelstore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reconciles the models shipped with the installation ({@link BundledModels}) with a store being opened: an empty
 * store is seeded with them and the newest is activated; a store that holds models receives the shipped versions it
 * never had, not activated, and is checked for stored versions whose files differ from the shipped ones.
 */
final class BundledModelSeeding {

    // Logged under the facade's name, as before it was split up, so that log searches and filters keep working.
    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
    /** Present while the first seeding of a store runs; left behind, it means that seeding was cut short. */
    private static final String SEEDING_MARKER = ".seeding";

    /**
     * What opening the store found.
     *
     * @param seedingProblem why an empty store stayed empty although models are shipped; empty when there is none
     * @param notices        what to tell the user about the shipped models in a store that was not empty
     */
    record Outcome(Optional<String> seedingProblem, List<BundledModelNotice> notices) {
        Outcome {
            notices = List.copyOf(notices);
        }
    }

    private enum Comparison { SAME, DIFFERENT, UNKNOWN }

    private final BundledModels source;
    private final StoreFolder folder;
    private final StoreLock lock;
    private final BundleInstaller installer;
    private final ChangeRecorder changes;

    BundledModelSeeding(BundledModels source, StoreFolder folder, StoreLock lock, BundleInstaller installer,
                        ChangeRecorder changes) {
        this.source = source;
        this.folder = folder;
        this.lock = lock;
        this.installer = installer;
        this.changes = changes;
    }

    /** Seeds the store if it is new (waiting for the lock), else adds the shipped versions it lacks (if unlocked). */
    Outcome reconcile() {
        if (seedingUnfinished()) {
            try (StoreLock.Held held = lock.acquire()) {
                return new Outcome(seed(), List.of());
            }
        }
        return new Outcome(Optional.empty(), receiveBundledModels());
    }

    /**
     * A new store, or one whose first seeding was cut short (the marker written before it is still there: a crash
     * after bundles were added but before the newest was activated).
     */
    private boolean seedingUnfinished() {
        return folder.versions().isEmpty() || Files.exists(folder.root().resolve(SEEDING_MARKER));
    }

    /** Copies in every shipped model and activates the newest. Lock held. Returns why none could be added. */
    private Optional<String> seed() {
        if (!seedingUnfinished()) {
            return Optional.empty(); // another process seeded it while we waited for the lock
        }
        List<String> installed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> versions;
        try {
            versions = source.versions();
        } catch (ModelStoreException e) {
            versions = List.of();
            failures.add(e.getMessage());
        }
        try {
            Files.createFile(folder.root().resolve(SEEDING_MARKER));
        } catch (FileAlreadyExistsException e) {
            // the seeding that was cut short: what it added is kept, the rest is added now
        } catch (IOException e) {
            throw new ModelStoreException("Cannot write to the model store folder " + folder.root() + " (" + e
                    + "). " + StoreLocation.CHOOSE_WRITABLE_FOLDER, e);
        }
        for (String version : versions) {
            if (Files.isDirectory(folder.bundlePath(version))) {
                installed.add(version); // added by the seeding that was cut short
                continue;
            }
            try {
                installed.add(installShipped(version).version());
            } catch (ModelStoreException e) {
                LOG.error("The bundled model {} could not be installed: {}", version, e.getMessage());
                failures.add(e.getMessage());
            }
        }
        if (installed.isEmpty()) {
            if (folder.versions().isEmpty()) {
                folder.removeQuietly(folder.root().resolve(SEEDING_MARKER)); // else kept: the next open finishes it
            }
            LOG.info("No bundled model was installed in the model store {} ({}).", folder.root(),
                    source.description());
            return failures.isEmpty() ? Optional.empty() : Optional.of("the bundled default model could not be "
                    + "installed (" + String.join("; ", failures) + ")");
        }
        OfferedBundles.read(folder.root()).with(installed).write(folder.root());
        String newest = installed.stream().max(VersionOrder.INSTANCE).orElseThrow();
        ActiveState state = folder.readStateForChange();
        changes.recordPointerChange(ModelStoreEvent.Type.ACTIVATED, state, state.activate(newest), Optional.empty());
        folder.removeQuietly(folder.root().resolve(SEEDING_MARKER));
        return Optional.empty();
    }

    /**
     * A store that already holds models receives the bundled versions it never had (e.g. after the workstation was
     * updated) beside its own, not activated: switching the model a site uses is the site's decision. A version the
     * user deleted is not added again ({@link OfferedBundles}). Skipped, and tried again at the next start, while
     * another process holds the store's lock.
     */
    private List<BundledModelNotice> receiveBundledModels() {
        List<String> versions;
        try {
            versions = source.versions();
        } catch (ModelStoreException e) {
            LOG.warn("The models shipped with this installation cannot be listed: {}", e.getMessage());
            return List.of();
        }
        List<BundledModelNotice> notices = new ArrayList<>();
        List<String> present = folder.versions();
        OfferedBundles offered = OfferedBundles.read(folder.root());
        List<String> missing = new ArrayList<>();
        List<String> same = new ArrayList<>();
        for (String version : versions) {
            if (!present.contains(version)) {
                if (!offered.contains(version)) {
                    missing.add(version);
                }
                continue;
            }
            switch (compareWithShipped(version)) {
                case SAME -> same.add(version);
                case DIFFERENT -> notices.add(contentDiffers(version));
                case UNKNOWN -> { }
            }
        }
        if (!missing.isEmpty() || !offered.versions().containsAll(same)) {
            lock.tryAcquire().ifPresent(held -> {
                try (held) {
                    notices.addAll(addBundled(missing, same));
                }
            });
        }
        return notices;
    }

    /**
     * Adds {@code versions} and records them, with {@code alreadyReceived}, as received. A stored copy that differs
     * from the shipped one is not recorded: once deleted, the shipped model takes its place. Lock held.
     */
    private List<BundledModelNotice> addBundled(List<String> versions, List<String> alreadyReceived) {
        List<BundledModelNotice> notices = new ArrayList<>();
        List<String> received = new ArrayList<>(alreadyReceived);
        String active = folder.readState().activeVersion().orElse("none");
        for (String version : versions) {
            if (Files.exists(folder.bundlePath(version))) {
                continue; // another process added it before this one got the lock
            }
            try {
                received.add(installShipped(version).version());
                notices.add(new BundledModelNotice(version, BundledModelNotice.Kind.ADDED, "Model " + version
                        + ", shipped with this version of the workstation, was added to the model store. It was not "
                        + "made active (the active model stayed " + active + "): read its model card under Models and "
                        + "activate it if your site accepts it."));
            } catch (ModelStoreException e) {
                LOG.error("The bundled model {} could not be added to {}: {}", version, folder.root(), e.getMessage());
                notices.add(new BundledModelNotice(version, BundledModelNotice.Kind.NOT_ADDED, "Model " + version
                        + ", shipped with this version of the workstation, could not be added to the model store: "
                        + e.getMessage() + " The next start tries again; reinstall the workstation if this recurs."));
            }
        }
        try {
            OfferedBundles.read(folder.root()).with(received).write(folder.root());
        } catch (ModelStoreException e) {
            // Only costs re-adding a shipped version the user deletes later; the store itself stays usable.
            LOG.warn("{} The shipped models received are not recorded.", e.getMessage());
        }
        return notices;
    }

    private ModelBundle installShipped(String version) {
        return installer.install("bundled model " + version + " (" + source.description() + ")",
                staging -> source.copyTo(version, staging), ModelStoreEvent.Type.SEEDED, Optional.empty(),
                (staging, v) -> BundleSignature.read(staging)); // part of the installation, as trusted as its code
    }

    /**
     * A version number must name one set of weights. A store copy that differs from the shipped model of the same
     * version (e.g. a development build imported under a released number) is kept, since the site may rely on it,
     * but the user is told.
     */
    private Comparison compareWithShipped(String version) {
        try {
            return source.manifest(version).equals(ChecksumManifest.read(folder.bundlePath(version)
                    .resolve(ModelBundle.MANIFEST_FILE))) ? Comparison.SAME : Comparison.DIFFERENT;
        } catch (IOException | ModelStoreException e) {
            LOG.warn("Model {} in {} cannot be compared with the shipped model {}: {}", version, folder.root(),
                    version, e.getMessage());
            return Comparison.UNKNOWN;
        }
    }

    private BundledModelNotice contentDiffers(String version) {
        LOG.warn("Model {} in {} differs from the model {} shipped with this installation", version, folder.root(),
                version);
        return new BundledModelNotice(version, BundledModelNotice.Kind.CONTENT_DIFFERS, "The model store "
                + "holds a model " + version + " whose files differ from the model " + version + " shipped with this "
                + "workstation. The store's copy is kept and used as it is. Check its model card and where it came "
                + "from; if it is not a model your site chose, activate another version and delete it (`models delete "
                + version + "`) so that the shipped one is added at the next start.");
    }
}
