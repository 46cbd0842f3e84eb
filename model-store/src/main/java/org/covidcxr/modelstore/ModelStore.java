package org.covidcxr.modelstore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
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
 */
public final class ModelStore {

    /** System property overriding the default store folder. */
    public static final String STORE_PROPERTY = "covidcxr.model.store";
    /** Environment variable overriding the default store folder (the property wins). */
    public static final String STORE_ENV = "COVIDCXR_MODEL_STORE";

    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
    private static final String STAGING_PREFIX = ".staging-";
    private static final String TRASH_PREFIX = ".trash-";
    private static final String TEMP_PREFIX = ".tmp-";
    /** Present while the first seeding of a store runs; left behind, it means that seeding was cut short. */
    private static final String SEEDING_MARKER = ".seeding";

    private final Path root;
    private final Settings settings;
    private final StoreLock lock;
    private volatile String seedingProblem;
    private volatile List<BundledModelNotice> bundledNotices = List.of();

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
        this.root = root;
        this.settings = settings;
        this.lock = new StoreLock(root);
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
            throw new ModelStoreException("Cannot create the model store folder " + root + " (" + e
                    + "). Choose a writable folder with --store, -D" + STORE_PROPERTY + " or " + STORE_ENV + ".", e);
        }
        ModelStore store = new ModelStore(real, settings);
        store.lock.tryAcquire().ifPresent(held -> {
            try (held) {
                store.recordInterruptedChange();
                store.removeLeftovers();
            }
        });
        if (store.seedingUnfinished()) {
            try (StoreLock.Held held = store.lock.acquire()) {
                store.seed();
            }
        } else {
            store.receiveBundledModels();
        }
        return store;
    }

    /**
     * The default store folder: {@value #STORE_PROPERTY} or {@value #STORE_ENV} if set, else the user's data folder
     * ({@code $XDG_DATA_HOME/covidcxr/models}, {@code ~/.local/share/covidcxr/models}; on Windows
     * {@code %LOCALAPPDATA%\covidcxr\models}; on macOS {@code ~/Library/Application Support/covidcxr/models}).
     */
    public static Path defaultRoot() {
        String configured = firstNonBlank(System.getProperty(STORE_PROPERTY), System.getenv(STORE_ENV));
        if (configured != null) {
            return Path.of(configured);
        }
        Path home = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String localAppData = System.getenv("LOCALAPPDATA");
        if (os.startsWith("windows") && localAppData != null && !localAppData.isBlank()) {
            return Path.of(localAppData, "covidcxr", "models");
        }
        if (os.startsWith("mac")) {
            return home.resolve("Library/Application Support/covidcxr/models");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path data = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".local/share");
        return data.resolve("covidcxr").resolve("models");
    }

    public Path root() {
        return root;
    }

    /**
     * What {@link #open} found about the models shipped with this installation in a store that was not empty: a
     * shipped version added (not activated), one that could not be added, or a stored model whose version number is a
     * shipped one's but whose files differ. Empty when there is nothing to tell.
     */
    public List<BundledModelNotice> bundledModelNotices() {
        return bundledNotices;
    }

    // ---------------------------------------------------------------- reading (no lock: renames are atomic)

    /** Every bundle with a readable card, in version order. Does not check checksums. */
    public List<BundleSummary> list() {
        Optional<String> active = readState().activeVersion();
        List<BundleSummary> summaries = new ArrayList<>();
        for (String version : bundleFolders()) {
            Path dir = root.resolve(version);
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
        return readState().activeVersion().map(this::bundle);
    }

    /**
     * The active model, verified.
     *
     * @throws ModelNotFoundException explaining what to do when no model is active
     */
    public ModelBundle requireActive() {
        return active().orElseThrow(() -> {
            List<String> versions = bundleFolders();
            String advice = versions.isEmpty()
                    ? "The store is empty: " + Optional.ofNullable(seedingProblem).orElse("no bundled default model "
                    + "was found (" + settings.bundledModels().description() + ", see model-store/models/README.md)")
                    + ". Import a model with `models import FILE`."
                    : "Choose one with `models activate VERSION` (available: " + String.join(", ", versions) + ").";
            return new ModelNotFoundException("No model is active in the model store " + root + ". " + advice);
        });
    }

    /**
     * One bundle, verified.
     *
     * @throws ModelNotFoundException   if there is no such version
     * @throws BundleIntegrityException if it fails verification
     */
    public ModelBundle bundle(String version) {
        VerificationReport report = verifyBundle(existingFolder(version));
        if (!report.ok()) {
            throw new BundleIntegrityException(report, "Model bundle " + report.directory(), "The store will not "
                    + "use it: delete it (`models delete " + version + "`) and import it again from a trusted export "
                    + "(`models import FILE`).");
        }
        return new ModelBundle(root.resolve(version), report.card().orElseThrow());
    }

    /** Verifies every bundle folder of the store (including ones whose card is unreadable), in version order. */
    public List<VerificationReport> verify() {
        return bundleFolders().stream().map(v -> verifyBundle(root.resolve(v))).collect(Collectors.toList());
    }

    /** The active version, without verifying it. */
    public Optional<String> activeVersion() {
        return readState().activeVersion();
    }

    /** The version {@link #rollback()} would return to. */
    public Optional<String> previousVersion() {
        return readState().previous();
    }

    // ---------------------------------------------------------------- writing (under the lock)

    /**
     * Makes {@code version} the active model after verifying it; the previously active version becomes the
     * rollback target.
     */
    public ModelBundle activate(String version) {
        try (StoreLock.Held held = lock.acquire()) {
            ModelBundle bundle = bundle(version);
            ActiveState state = readStateForChange();
            if (!version.equals(state.active())) {
                journaled(ChangeJournal.Intent.of(ModelStoreEvent.Type.ACTIVATED, version, state.activeVersion(),
                        Optional.empty(), checksum(version)), () -> state.activate(version).write(root));
            }
            return bundle;
        }
    }

    /**
     * Re-activates the version that was active before the current one.
     *
     * @throws ModelStoreException if there is none; the pointer is then unchanged
     */
    public ModelBundle rollback() {
        try (StoreLock.Held held = lock.acquire()) {
            // A crash between deleting a bundle and updating the pointer may leave the history naming it.
            ActiveState state = readStateForChange().retainHistory(v -> Files.isDirectory(root.resolve(v)));
            String target = state.previous().orElseThrow(() -> new ModelStoreException("There is no earlier model "
                    + "to roll back to in " + root + " (active: " + state.activeVersion().orElse("none")
                    + "). Use `models activate VERSION` to choose one."));
            ModelBundle bundle = bundle(target);
            journaled(ChangeJournal.Intent.of(ModelStoreEvent.Type.ROLLED_BACK, target, state.activeVersion(),
                    Optional.empty(), checksum(target)), () -> state.rollBack().write(root));
            return bundle;
        }
    }

    /**
     * Copies a sealed bundle folder (see {@link ModelBundles#seal}) into the store under its card's version. It is
     * not activated.
     *
     * @throws BundleIntegrityException if the folder fails verification
     * @throws ModelStoreException      if the version already exists
     */
    public ModelBundle publish(Path folder) {
        try (StoreLock.Held held = lock.acquire()) {
            ModelBundle source = ModelBundles.open(folder, "Seal the folder again with ModelBundles.seal after "
                    + "the last change, then publish it.");
            requireNew(source.version(), "folder " + folder);
            return install("folder " + folder, staging -> copyBundle(source.directory(), staging),
                    ModelStoreEvent.Type.PUBLISHED, Optional.of(folder));
        }
    }

    /**
     * Imports a bundle archive (as written by {@link #exportZip}), verifying its checksums. It is not activated.
     *
     * @throws UnsafeArchiveException   for a hostile or oversized archive (nothing is written)
     * @throws BundleIntegrityException if its content does not match its manifest
     * @throws ModelStoreException      if the version already exists
     */
    public ModelBundle importZip(Path zip) {
        if (!Files.isRegularFile(zip)) {
            throw new ModelStoreException("Cannot import " + zip + ": no such file.");
        }
        try (StoreLock.Held held = lock.acquire()) {
            return install("archive " + zip, staging -> SafeZip.extract(zip, staging, settings.zipLimits()),
                    ModelStoreEvent.Type.IMPORTED, Optional.of(zip));
        }
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
        report(new ModelStoreEvent(ModelStoreEvent.Type.EXPORTED, version, Optional.empty(), Optional.of(zip), root,
                Instant.now(), checksum(version), ModelStoreEvent.Outcome.DONE));
    }

    /**
     * Deletes a version that is not active; it can no longer be rolled back to.
     */
    public void delete(String version) {
        try (StoreLock.Held held = lock.acquire()) {
            Path dir = existingFolder(version);
            ActiveState state = readStateForChange();
            if (version.equals(state.active())) {
                throw new ModelStoreException("Version " + version + " is the active model and cannot be deleted. "
                        + "Activate another version first (`models activate VERSION` or `models rollback`).");
            }
            // Renamed away first so that a crash mid-delete never leaves a partial bundle in the listing.
            Path trash = root.resolve(TRASH_PREFIX + UUID.randomUUID());
            journaled(ChangeJournal.Intent.of(ModelStoreEvent.Type.DELETED, version, Optional.empty(),
                    Optional.empty(), checksum(version)), () -> {
                        Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
                        Files2.forceDirectory(root);
                    });
            if (state.history().contains(version)) {
                state.retainHistory(v -> !v.equals(version)).write(root);
            }
            deleteQuietly(trash); // the version is gone already; a leftover is removed when the store next opens
        }
    }

    // ---------------------------------------------------------------- internals

    @FunctionalInterface
    private interface Filler {
        void fill(Path staging) throws IOException;
    }

    /**
     * Builds a bundle in a staging folder, verifies it and renames it into place, recorded as {@code type}. Caller
     * holds the lock.
     */
    private ModelBundle install(String origin, Filler filler, ModelStoreEvent.Type type, Optional<Path> file) {
        Path staging = root.resolve(STAGING_PREFIX + UUID.randomUUID());
        try {
            Files.createDirectory(staging);
            filler.fill(staging);
            VerificationReport report = ModelBundles.verify(staging);
            if (!report.ok()) {
                throw new BundleIntegrityException(report, "The " + origin, "It was changed or damaged after it "
                        + "was sealed and was not added to the store. Obtain an intact copy.");
            }
            ModelCard card = report.card().orElseThrow();
            requireNew(card.version(), origin);
            Path target = root.resolve(card.version());
            journaled(ChangeJournal.Intent.of(type, card.version(), Optional.empty(), file,
                    ChecksumManifest.sha256(staging.resolve(ModelBundle.MANIFEST_FILE))), () -> {
                        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                        Files2.forceDirectory(root);
                    });
            LOG.info("Model {} added to {} from {}", card.version(), root, origin);
            return new ModelBundle(target, card);
        } catch (FileAlreadyExistsException e) {
            throw new ModelStoreException("Cannot add " + origin + " to " + root + ": " + e.getFile()
                    + " already exists.", e);
        } catch (IOException e) {
            throw new ModelStoreException("Cannot add " + origin + " to " + root + ": " + e + ".", e);
        } finally {
            deleteQuietly(staging);
        }
    }

    private static void copyBundle(Path source, Path staging) throws IOException {
        List<String> files = new ArrayList<>(ChecksumManifest.listFiles(source));
        files.add(ModelBundle.MANIFEST_FILE);
        for (String file : files) {
            Path target = staging.resolve(file);
            Files.createDirectories(target.getParent());
            try (var in = Files.newInputStream(source.resolve(file))) {
                Files2.copyDurably(in, target);
            }
        }
    }

    /** @param origin where the new model comes from, for the message (e.g. "archive /media/usb/1.2.0.zip") */
    private void requireNew(String version, String origin) {
        if (Files.exists(root.resolve(version))) {
            // A sealed bundle's version cannot be edited (its checksums cover the card): the choice is which to keep.
            throw new ModelStoreException("Version " + version + " (from " + origin + ") already exists in the "
                    + "model store " + root + ". If they are the same model, nothing needs to be done; compare "
                    + "their model cards (`models show " + version + "`). To replace the stored one, delete it first "
                    + "(`models delete " + version + "`), then add the new one again.");
        }
    }

    /** Verification plus the store's own rule: the folder name is the card's version. */
    private VerificationReport verifyBundle(Path dir) {
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

    private Path existingFolder(String version) {
        if (!ModelCard.isValidVersion(version) || !Files.isDirectory(root.resolve(version))) {
            throw new ModelNotFoundException("There is no model version '" + version + "' in " + root
                    + " (available: " + String.join(", ", bundleFolders()) + "). See `models list`.");
        }
        return root.resolve(version);
    }

    /** Names of the bundle folders, in version order. Hidden (temporary) folders never count. */
    private List<String> bundleFolders() {
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

    private ActiveState readState() {
        return ActiveState.read(root);
    }

    /** Writers replace an unreadable pointer instead of failing: the user is choosing a model anew. */
    private ActiveState readStateForChange() {
        try {
            return ActiveState.read(root);
        } catch (ModelStoreException e) {
            LOG.warn("{} It will be replaced.", e.getMessage());
            return ActiveState.NONE;
        }
    }

    private void removeLeftovers() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(STAGING_PREFIX) || n.startsWith(TRASH_PREFIX) || n.startsWith(TEMP_PREFIX);
        })) {
            for (Path p : entries) {
                LOG.info("Removing {} left by an interrupted change to the model store", p);
                deleteQuietly(p);
            }
        } catch (IOException e) {
            LOG.warn("Cannot clean up the model store {}: {}", root, e.toString());
        }
    }

    /**
     * A new store, or one whose first seeding was cut short (the marker written before it is still there: a crash
     * after bundles were added but before the newest was activated).
     */
    private boolean seedingUnfinished() {
        return bundleFolders().isEmpty() || Files.exists(root.resolve(SEEDING_MARKER));
    }

    private void seed() {
        if (!seedingUnfinished()) {
            return; // another process seeded it while we waited for the lock
        }
        BundledModels source = settings.bundledModels();
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
            Files.createFile(root.resolve(SEEDING_MARKER));
        } catch (FileAlreadyExistsException e) {
            // the seeding that was cut short: what it added is kept, the rest is added now
        } catch (IOException e) {
            throw new ModelStoreException("Cannot write to the model store folder " + root + " (" + e + "). Choose a "
                    + "writable folder with --store, -D" + STORE_PROPERTY + " or " + STORE_ENV + ".", e);
        }
        for (String version : versions) {
            if (Files.isDirectory(root.resolve(version))) {
                installed.add(version); // added by the seeding that was cut short
                continue;
            }
            try {
                ModelBundle b = install("bundled model " + version + " (" + source.description() + ")",
                        staging -> source.copyTo(version, staging), ModelStoreEvent.Type.SEEDED, Optional.empty());
                installed.add(b.version());
            } catch (ModelStoreException e) {
                LOG.error("The bundled model {} could not be installed: {}", version, e.getMessage());
                failures.add(e.getMessage());
            }
        }
        if (installed.isEmpty()) {
            if (bundleFolders().isEmpty()) {
                deleteQuietly(root.resolve(SEEDING_MARKER)); // else kept: the next open finishes the seeding
            }
            seedingProblem = failures.isEmpty() ? null : "the bundled default model could not be installed ("
                    + String.join("; ", failures) + ")";
            LOG.info("No bundled model was installed in the model store {} ({}).", root, source.description());
            return;
        }
        OfferedBundles.read(root).with(installed).write(root);
        String newest = installed.stream().max(VersionOrder.INSTANCE).orElseThrow();
        ActiveState state = readStateForChange();
        journaled(ChangeJournal.Intent.of(ModelStoreEvent.Type.ACTIVATED, newest, state.activeVersion(),
                Optional.empty(), checksum(newest)), () -> state.activate(newest).write(root));
        deleteQuietly(root.resolve(SEEDING_MARKER));
    }

    /**
     * A store that already holds models receives the bundled versions it never had (e.g. after the workstation was
     * updated) beside its own, not activated: switching the model a site uses is the site's decision. A version the
     * user deleted is not added again ({@link OfferedBundles}). Skipped, and tried again at the next start, while
     * another process holds the store's lock.
     */
    private void receiveBundledModels() {
        BundledModels source = settings.bundledModels();
        List<String> versions;
        try {
            versions = source.versions();
        } catch (ModelStoreException e) {
            LOG.warn("The models shipped with this installation cannot be listed: {}", e.getMessage());
            return;
        }
        List<BundledModelNotice> notices = new ArrayList<>();
        List<String> present = bundleFolders();
        OfferedBundles offered = OfferedBundles.read(root);
        List<String> missing = new ArrayList<>();
        List<String> same = new ArrayList<>();
        for (String version : versions) {
            if (!present.contains(version)) {
                if (!offered.contains(version)) {
                    missing.add(version);
                }
                continue;
            }
            switch (compareWithShipped(source, version)) {
                case SAME -> same.add(version);
                case DIFFERENT -> notices.add(contentDiffers(version));
                case UNKNOWN -> { }
            }
        }
        if (!missing.isEmpty() || !offered.versions().containsAll(same)) {
            lock.tryAcquire().ifPresent(held -> {
                try (held) {
                    notices.addAll(addBundled(source, missing, same));
                }
            });
        }
        bundledNotices = List.copyOf(notices);
    }

    /**
     * Adds {@code versions} and records them, with {@code alreadyReceived}, as received. A stored copy that differs
     * from the shipped one is not recorded: once deleted, the shipped model takes its place. Caller holds the lock.
     */
    private List<BundledModelNotice> addBundled(BundledModels source, List<String> versions,
                                                List<String> alreadyReceived) {
        List<BundledModelNotice> notices = new ArrayList<>();
        List<String> received = new ArrayList<>(alreadyReceived);
        String active = readState().activeVersion().orElse("none");
        for (String version : versions) {
            if (Files.exists(root.resolve(version))) {
                continue; // another process added it before this one got the lock
            }
            try {
                ModelBundle b = install("bundled model " + version + " (" + source.description() + ")",
                        staging -> source.copyTo(version, staging), ModelStoreEvent.Type.SEEDED, Optional.empty());
                received.add(b.version());
                notices.add(new BundledModelNotice(version, BundledModelNotice.Kind.ADDED, "Model " + version
                        + ", shipped with this version of the workstation, was added to the model store. It was not "
                        + "made active (the active model stayed " + active + "): read its model card under Models and "
                        + "activate it if your site accepts it."));
            } catch (ModelStoreException e) {
                LOG.error("The bundled model {} could not be added to {}: {}", version, root, e.getMessage());
                notices.add(new BundledModelNotice(version, BundledModelNotice.Kind.NOT_ADDED, "Model " + version
                        + ", shipped with this version of the workstation, could not be added to the model store: "
                        + e.getMessage() + " The next start tries again; reinstall the workstation if this recurs."));
            }
        }
        try {
            OfferedBundles.read(root).with(received).write(root);
        } catch (ModelStoreException e) {
            // Only costs re-adding a shipped version the user deletes later; the store itself stays usable.
            LOG.warn("{} The shipped models received are not recorded.", e.getMessage());
        }
        return notices;
    }

    private enum Comparison { SAME, DIFFERENT, UNKNOWN }

    /**
     * A version number must name one set of weights. A store copy that differs from the shipped model of the same
     * version (e.g. a development build imported under a released number) is kept, since the site may rely on it,
     * but the user is told.
     */
    private Comparison compareWithShipped(BundledModels source, String version) {
        try {
            return source.manifest(version).equals(ChecksumManifest.read(root.resolve(version)
                    .resolve(ModelBundle.MANIFEST_FILE))) ? Comparison.SAME : Comparison.DIFFERENT;
        } catch (IOException | ModelStoreException e) {
            LOG.warn("Model {} in {} cannot be compared with the shipped model {}: {}", version, root, version,
                    e.getMessage());
            return Comparison.UNKNOWN;
        }
    }

    private BundledModelNotice contentDiffers(String version) {
        LOG.warn("Model {} in {} differs from the model {} shipped with this installation", version, root, version);
        return new BundledModelNotice(version, BundledModelNotice.Kind.CONTENT_DIFFERS, "The model store "
                + "holds a model " + version + " whose files differ from the model " + version + " shipped with this "
                + "workstation. The store's copy is kept and used as it is. Check its model card and where it came "
                + "from; if it is not a model your site chose, activate another version and delete it (`models delete "
                + version + "`) so that the shipped one is added at the next start.");
    }

    @FunctionalInterface
    private interface Commit {
        void run() throws IOException;
    }

    /**
     * Makes one change so that it is never left unrecorded: its intent is written down before {@code commit} (the
     * one step that puts it in effect), the listeners (the audit log) are told after it, and only then is the intent
     * removed. A process that dies in between leaves the intent for {@link #recordInterruptedChange()} at the next
     * open. Caller holds the lock.
     *
     * @throws ModelStoreException when an earlier change still cannot be recorded: no change is made unrecorded
     */
    private void journaled(ChangeJournal.Intent intent, Commit commit) {
        recordInterruptedChange();
        if (ChangeJournal.read(root).isPresent()) {
            throw new ModelStoreException("An earlier change to the model store " + root + " could not be recorded "
                    + "in the audit log, so no further change is made. Check that the audit log can be written "
                    + "('covidcxr audit verify'), then try again.");
        }
        ChangeJournal.begin(root, intent);
        try {
            commit.run();
        } catch (IOException | RuntimeException e) {
            recordInterruptedChange(); // records it as done or not, whichever it is
            throw e instanceof RuntimeException r ? r : new ModelStoreException("Cannot change the model store "
                    + root + " (" + intent.type().name().toLowerCase() + " " + intent.version() + "): "
                    + e.getMessage(), e);
        }
        if (report(intent.event(root, ModelStoreEvent.Outcome.DONE))) {
            ChangeJournal.end(root);
        }
    }

    /** Reports a change found in progress at open (or after a failed commit): done or interrupted. Lock held. */
    private void recordInterruptedChange() {
        Optional<ChangeJournal.Intent> found = ChangeJournal.read(root);
        if (found.isEmpty()) {
            return;
        }
        ChangeJournal.Intent intent = found.get();
        ModelStoreEvent.Outcome outcome = inEffect(intent) ? ModelStoreEvent.Outcome.DONE_BEFORE_INTERRUPTION
                : ModelStoreEvent.Outcome.INTERRUPTED;
        LOG.warn("Model store {}: the change '{} {}' was {}", root, intent.type().name().toLowerCase(),
                intent.version(), outcome.description);
        if (report(intent.event(root, outcome))) {
            ChangeJournal.end(root);
        }
    }

    private boolean inEffect(ChangeJournal.Intent intent) {
        return switch (intent.type()) {
            case ACTIVATED, ROLLED_BACK -> intent.version().equals(readStateForChange().active());
            case SEEDED, PUBLISHED, IMPORTED -> Files.isDirectory(root.resolve(intent.version()));
            case DELETED -> !Files.isDirectory(root.resolve(intent.version()));
            case EXPORTED -> true;
        };
    }

    /** Tells every listener; whether all of them took it (a failure is logged and does not undo the change). */
    private boolean report(ModelStoreEvent event) {
        boolean all = true;
        for (ModelStoreListener listener : settings.listeners()) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                all = false;
                LOG.error("Model store listener failed on {}: {}", event, e.toString(), e);
            }
        }
        return all;
    }

    /** SHA-256 of a stored bundle's checksum manifest, which names the hash of every file: the bundle's identity. */
    private String checksum(String version) {
        try {
            return ChecksumManifest.sha256(root.resolve(version).resolve(ModelBundle.MANIFEST_FILE));
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files2.deleteTree(path);
        } catch (IOException e) {
            LOG.warn("Cannot remove {} ({}); it will be removed when the store is next opened.", path, e.toString());
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
