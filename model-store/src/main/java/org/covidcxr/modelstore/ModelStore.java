package org.covidcxr.modelstore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A folder of versioned model bundles with one active model.
 *
 * <p>Layout: {@code <root>/<version>/} per bundle, {@code active.json} (the active pointer and its history) and
 * {@code .lock}. Writers hold the lock (see {@link StoreLock}) and build every bundle in a hidden {@code .staging-*}
 * folder that is renamed into place only when complete and verified, so readers, which take no lock, only ever see
 * complete bundles; the pointer is replaced by an atomic rename. Leftovers of a crash (hidden temporary folders and
 * files) are removed by the next {@link #open}. Bundles are verified against their checksums whenever one is handed
 * out, so a corrupted or tampered model is never activated or loaded.
 *
 * <p>This class is the store's facade: it takes the lock for every change and leaves the work to its parts
 * ({@link StoreFolder}, {@link BundleInstaller}, {@link ChangeRecorder}, {@link BundledModelSeeding},
 * {@link StoreLocation}).
 */
public final class ModelStore {

    /** System property overriding the default store folder. */
    public static final String STORE_PROPERTY = "covidcxr.model.store";
    /** Environment variable overriding the default store folder (the property wins). */
    public static final String STORE_ENV = "COVIDCXR_MODEL_STORE";

    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);

    private final StoreFolder folder;
    private final Settings settings;
    private final StoreLock lock;
    private final ChangeRecorder changes;
    private final BundleInstaller installer;
    /** Set once by {@link #open}, before the store is handed out. */
    private volatile BundledModelSeeding.Outcome seeding;

    /**
     * How a store is opened.
     *
     * @param bundledModels the models shipped with the installation: they seed an empty store, and versions new to
     *                      an existing store are added to it
     * @param zipLimits     limits for imported archives
     * @param listeners     told about every change
     */
    public record Settings(BundledModels bundledModels, ZipLimits zipLimits, List<ModelStoreListener> listeners) {

        public Settings {
            listeners = List.copyOf(listeners);
        }

        /** Seeds from {@link BundledModels#standard()}, default zip limits, no listeners. */
        public static Settings defaults() {
            return new Settings(BundledModels.standard(), ZipLimits.DEFAULT, List.of());
        }

        public Settings withBundledModels(BundledModels source) {
            return new Settings(source, zipLimits, listeners);
        }

        public Settings withZipLimits(ZipLimits limits) {
            return new Settings(bundledModels, limits, listeners);
        }

        public Settings withListener(ModelStoreListener listener) {
            List<ModelStoreListener> all = new ArrayList<>(listeners);
            all.add(listener);
            return new Settings(bundledModels, zipLimits, all);
        }
    }

    private ModelStore(Path root, Settings settings) {
        this.folder = new StoreFolder(root);
        this.settings = settings;
        this.lock = new StoreLock(root);
        this.changes = new ChangeRecorder(folder, settings.listeners());
        this.installer = new BundleInstaller(folder, changes);
    }

    /** Opens the store at {@link #defaultRoot()} with default settings. */
    public static ModelStore openDefault() {
        return open(defaultRoot(), Settings.defaults());
    }

    /** Opens the store at {@link #defaultRoot()}. */
    public static ModelStore openDefault(Settings settings) {
        return open(defaultRoot(), settings);
    }

    /** Opens (creating if needed) the store at {@code root} with default settings. */
    public static ModelStore open(Path root) {
        return open(root, Settings.defaults());
    }

    /**
     * Opens (creating if needed) the store at {@code root}: removes leftovers of interrupted writes; when the store
     * holds no bundle, copies in the bundled default model(s) and activates the newest; otherwise adds bundled versions
     * the store has never received, without activating them, and checks that versions it shares with the bundled
     * models have the same content (see {@link #bundledModelNotices()}).
     */
    public static ModelStore open(Path root, Settings settings) {
        Path real;
        try {
            Files.createDirectories(root);
            real = root.toRealPath();
        } catch (IOException e) {
            throw new ModelStoreException("Cannot create the model store folder " + root + " (" + e + "). "
                    + StoreLocation.CHOOSE_WRITABLE_FOLDER, e);
        }
        ModelStore store = new ModelStore(real, settings);
        store.lock.tryAcquire().ifPresent(held -> {
            try (held) {
                store.changes.recordInterruptedChange();
                store.installer.removeLeftovers();
            }
        });
        store.seeding = new BundledModelSeeding(settings.bundledModels(), store.folder, store.lock, store.installer,
                store.changes).reconcile();
        return store;
    }

    /**
     * The default store folder: {@value #STORE_PROPERTY} or {@value #STORE_ENV} if set, else the user's data folder
     * ({@code $XDG_DATA_HOME/covidcxr/models}, {@code ~/.local/share/covidcxr/models}; on Windows
     * {@code %LOCALAPPDATA%\covidcxr\models}; on macOS {@code ~/Library/Application Support/covidcxr/models}).
     */
    public static Path defaultRoot() {
        return StoreLocation.defaultRoot();
    }

    public Path root() {
        return folder.root();
    }

    /**
     * What {@link #open} found about the models shipped with this installation in a store that was not empty: a
     * shipped version added (not activated), one that could not be added, or a stored model whose version number is a
     * shipped one's but whose files differ. Empty when there is nothing to tell.
     */
    public List<BundledModelNotice> bundledModelNotices() {
        return seeding.notices();
    }

    // ---------------------------------------------------------------- reading (no lock: renames are atomic)

    /** Every bundle with a readable card, in version order. Does not check checksums. */
    public List<BundleSummary> list() {
        Optional<String> active = folder.readState().activeVersion();
        List<BundleSummary> summaries = new ArrayList<>();
        for (String version : folder.versions()) {
            Path dir = folder.bundlePath(version);
            try {
                ModelCard card = ModelCards.read(dir.resolve(ModelBundle.CARD_FILE));
                summaries.add(new BundleSummary(version, dir, active.filter(version::equals).isPresent(), card));
            } catch (ModelStoreException e) {
                LOG.warn("Model bundle {} is not listed: {} Run `models verify`.", dir, e.getMessage());
            }
        }
        return summaries;
    }

    /**
     * The active model, verified; empty when none is active.
     *
     * @throws BundleIntegrityException if the active bundle fails verification (it must not be used)
     * @throws ModelNotFoundException   if the active bundle's folder is gone
     */
    public Optional<ModelBundle> active() {
        return folder.readState().activeVersion().map(this::bundle);
    }

    /**
     * The active model, verified.
     *
     * @throws ModelNotFoundException explaining what to do when no model is active
     */
    public ModelBundle requireActive() {
        return active().orElseThrow(() -> {
            List<String> versions = folder.versions();
            String advice = versions.isEmpty()
                    ? "The store is empty: " + seeding.seedingProblem().orElse("no bundled default model "
                    + "was found (" + settings.bundledModels().description() + ", see model-store/models/README.md)")
                    + ". Import a model with `models import FILE`."
                    : "Choose one with `models activate VERSION` (available: " + String.join(", ", versions) + ").";
            return new ModelNotFoundException("No model is active in the model store " + folder.root() + ". "
                    + advice);
        });
    }

    /**
     * One bundle, verified.
     *
     * @throws ModelNotFoundException   if there is no such version
     * @throws BundleIntegrityException if it fails verification
     */
    public ModelBundle bundle(String version) {
        VerificationReport report = folder.verify(folder.existingBundle(version));
        if (!report.ok()) {
            throw new BundleIntegrityException(report, "Model bundle " + report.directory(), "The store will not "
                    + "use it: delete it (`models delete " + version + "`) and import it again from a trusted export "
                    + "(`models import FILE`).");
        }
        return new ModelBundle(folder.bundlePath(version), report.card().orElseThrow());
    }

    /** Verifies every bundle folder of the store (including ones whose card is unreadable), in version order. */
    public List<VerificationReport> verify() {
        return folder.versions().stream().map(v -> folder.verify(folder.bundlePath(v))).collect(Collectors.toList());
    }

    /** The active version, without verifying it. */
    public Optional<String> activeVersion() {
        return folder.readState().activeVersion();
    }

    /** The version {@link #rollback()} would return to. */
    public Optional<String> previousVersion() {
        return folder.readState().previous();
    }

    // ---------------------------------------------------------------- writing (under the lock)

    /**
     * Makes {@code version} the active model after verifying it; the previously active version becomes the
     * rollback target. A model whose card says it failed its acceptance criteria needs a confirmation: see
     * {@link #activate(String, Optional)}.
     */
    public ModelBundle activate(String version) {
        return activate(version, Optional.empty());
    }

    /**
     * As {@link #activate(String)}; {@code confirmation} says how the user confirmed putting into use a model whose
     * card says it failed its acceptance criteria at the site (published with an override), e.g. "confirmed in the
     * Models view". The change's record carries it.
     *
     * @throws ModelStoreException if that model is activated without a confirmation; nothing changes
     */
    public ModelBundle activate(String version, Optional<String> confirmation) {
        try (StoreLock.Held held = lock.acquire()) {
            ModelBundle bundle = bundle(version);
            ActiveState state = folder.readStateForChange();
            if (!version.equals(state.active())) {
                changes.recordPointerChange(ModelStoreEvent.Type.ACTIVATED, state, state.activate(version),
                        confirmed(bundle, confirmation, "activate " + version));
            }
            return bundle;
        }
    }

    /**
     * The confirmation a change that puts {@code bundle} into use carries: empty for a model that passed its
     * criteria (or has none), the user's for one that failed them.
     *
     * @throws ModelStoreException for a model that failed them, without a confirmation
     */
    private static Optional<String> confirmed(ModelBundle bundle, Optional<String> confirmation, String command) {
        if (!bundle.card().failedAcceptance()) {
            return Optional.empty();
        }
        if (confirmation.isEmpty()) {
            throw new ModelStoreException("Version " + bundle.version() + " failed its acceptance criteria on the "
                    + "site's test data and was published with an override, so it is put into use only with an "
                    + "explicit confirmation, which the audit log records: read its model card (`models show "
                    + bundle.version() + "`), then confirm in the Models view or run `models " + command
                    + " --despite-failed-criteria`.");
        }
        return confirmation;
    }

    /**
     * Re-activates the version that was active before the current one; one that failed its acceptance criteria
     * needs a confirmation, as in {@link #activate(String, Optional)}.
     *
     * @throws ModelStoreException if there is none; the pointer is then unchanged
     */
    public ModelBundle rollback() {
        return rollback(Optional.empty());
    }

    /** As {@link #rollback()}, with how the user confirmed going back to a model that failed its criteria. */
    public ModelBundle rollback(Optional<String> confirmation) {
        try (StoreLock.Held held = lock.acquire()) {
            // A crash between deleting a bundle and updating the pointer may leave the history naming it.
            ActiveState state = folder.readStateForChange()
                    .retainHistory(v -> Files.isDirectory(folder.bundlePath(v)));
            String target = state.previous().orElseThrow(() -> new ModelStoreException("There is no earlier model "
                    + "to roll back to in " + folder.root() + " (active: " + state.activeVersion().orElse("none")
                    + "). Use `models activate VERSION` to choose one."));
            ModelBundle bundle = bundle(target);
            changes.recordPointerChange(ModelStoreEvent.Type.ROLLED_BACK, state, state.rollBack(),
                    confirmed(bundle, confirmation, "rollback"));
            return bundle;
        }
    }

    /**
     * Copies a sealed bundle folder the site made (see {@link ModelBundles#seal}) into the store under its card's
     * version, signed with the site's key (made at the first publish). It is not activated.
     *
     * @throws BundleIntegrityException if the folder fails verification
     * @throws ModelStoreException      if the version already exists
     */
    public ModelBundle publish(Path folder) {
        try (StoreLock.Held held = lock.acquire()) {
            return installer.publish(folder);
        }
    }

    /**
     * Imports a bundle archive (as written by {@link #exportZip}) or a bundle folder from elsewhere, verifying its
     * checksums and its signature, which must be by a key the store trusts. It is not activated.
     *
     * @throws UnsafeArchiveException   for a hostile or oversized archive (nothing is written)
     * @throws BundleIntegrityException if its content does not match its manifest or its signature
     * @throws UntrustedBundleException if it is not signed, or its signer's key is not trusted: see
     *                                  {@link #importBundle(Path, Optional)}
     * @throws ModelStoreException      if the version already exists
     */
    public ModelBundle importBundle(Path source) {
        return importBundle(source, Optional.empty());
    }

    /**
     * As {@link #importBundle(Path)}; a bundle signed by the key whose fingerprint is {@code trustKey} is imported
     * even if the store did not trust that key: the key is trusted from now on, a change recorded before the import.
     */
    public ModelBundle importBundle(Path source, Optional<String> trustKey) {
        if (!Files.exists(source)) {
            throw new ModelStoreException("Cannot import " + source + ": no such file or folder.");
        }
        try (StoreLock.Held held = lock.acquire()) {
            return installer.importBundle(source, settings.zipLimits(), trustKey);
        }
    }

    /**
     * The keys whose signed bundles this store imports without asking: the project's release keys, this site's key
     * and those its users chose to trust.
     */
    public List<TrustedKey> trustedKeys() {
        List<TrustedKey> keys = new ArrayList<>(TrustedKeys.release());
        keys.addAll(TrustedKeys.stored(folder.root()));
        return keys;
    }

    /** The key that signs what this site publishes, once its first model is published. */
    public Optional<TrustedKey> siteKey() {
        return installer.signatures().siteKey();
    }

    /** Writes a verified bundle to a new zip file (written aside and renamed, so it is never half there). */
    public void exportZip(String version, Path zip) {
        if (Files.exists(zip)) {
            throw new ModelStoreException("Cannot export to " + zip + ": the file exists. Choose another name.");
        }
        try (StoreLock.Held held = lock.acquire()) {
            SafeZip.write(bundle(version), zip);
        } catch (IOException e) {
            throw new ModelStoreException("Cannot export " + version + " to " + zip + ": " + e.getMessage(), e);
        }
        changes.report(new ModelStoreEvent(ModelStoreEvent.Type.EXPORTED, version, Optional.empty(), Optional.of(zip),
                folder.root(), Instant.now(), folder.checksum(version), ModelStoreEvent.Outcome.DONE,
                Optional.empty(), Optional.empty()));
    }

    /**
     * Deletes a version that is not active; it can no longer be rolled back to.
     */
    public void delete(String version) {
        try (StoreLock.Held held = lock.acquire()) {
            installer.delete(version);
        }
    }
}
