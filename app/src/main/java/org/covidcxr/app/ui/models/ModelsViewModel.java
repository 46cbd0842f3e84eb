package org.covidcxr.app.ui.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.covidcxr.app.ui.common.BackgroundWork;
import org.covidcxr.app.ui.common.FailedCriteria;
import org.covidcxr.modelstore.BundleSummary;
import org.covidcxr.modelstore.BundledModelNotice;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelCard;
import org.covidcxr.modelstore.ModelCardText;
import org.covidcxr.modelstore.ModelCards;
import org.covidcxr.modelstore.ModelStore;
import org.covidcxr.modelstore.ModelStoreException;
import org.covidcxr.modelstore.UntrustedBundleException;

/**
 * The Models view: every version in the store with its lineage and headline metric, and the selected version's model
 * card laid out in sections (intended use and limitations, figures, plots, provenance); activate any version,
 * or roll back to the previous active one in one click; import a model archive (e.g. brought to an offline site on a
 * USB stick), export one, delete one that is not active. The store's listener writes each change to the audit log.
 */
public final class ModelsViewModel {
    private final ModelStore store;
    private final Executor background;
    private final Executor ui;
    private final ObservableList<ModelRow> models = FXCollections.observableArrayList();
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty rollbackTarget = new SimpleStringProperty("");
    private final List<BundledModelNotice> notices;
    private final StringProperty storeNotices = new SimpleStringProperty("");
    private final StringProperty selectedVersion = new SimpleStringProperty("");
    private final ObjectProperty<ModelCardContent> card = new SimpleObjectProperty<>();
    private final StringProperty cardStatus = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<KeyToTrust> keyToTrust = new ReadOnlyObjectWrapper<>();
    /** The store as last listed, by version (UI thread only). */
    private Map<String, BundleSummary> listed = Map.of();
    /** The version whose card is wanted; read by refreshes running in the background. */
    private volatile String wanted = "";
    /** Only the latest card read may be shown: the user may select faster than cards are read. */
    private final AtomicLong cardReads = new AtomicLong();

    public ModelsViewModel(ModelStore store, Executor background, Executor ui) {
        this.store = store;
        this.background = background;
        this.ui = ui;
        this.notices = store.bundledModelNotices();
    }

    /**
     * What opening the store found about the shipped models (a new one added, a version that differs) and that still
     * applies to the store as last refreshed, or "".
     */
    public StringProperty storeNoticesProperty() {
        return storeNotices;
    }

    /**
     * Lists the store again, with the card of the version selected before (or, when it is gone or none was, the
     * active one, else the newest) read in the same background job: the list and its card appear together.
     */
    public void refresh() {
        long read = cardReads.incrementAndGet();
        background.execute(() -> {
            try {
                List<BundleSummary> summaries = store.list();
                // Newest first: the version just published is the one the trainer looks for.
                List<ModelRow> rows = new ArrayList<>(summaries.stream().map(ModelsViewModel::row).toList());
                Collections.reverse(rows);
                Optional<String> previous = store.previousVersion();
                String stillTrue = String.join("\n", notices.stream().filter(n -> stillApplies(n, rows))
                        .map(BundledModelNotice::message).toList());
                Optional<BundleSummary> shown = summaries.stream().filter(s -> s.version().equals(wanted)).findFirst()
                        .or(() -> summaries.stream().filter(BundleSummary::active).findFirst())
                        .or(() -> summaries.stream().reduce((older, newer) -> newer));
                Optional<CardRead> shownCard = shown.map(CardRead::of);
                ui.execute(() -> {
                    listed = summaries.stream().collect(Collectors.toMap(BundleSummary::version,
                            Function.identity()));
                    models.setAll(rows);
                    rollbackTarget.set(previous.orElse(""));
                    storeNotices.set(stillTrue);
                    if (read == cardReads.get()) {
                        // The card first: the table then follows the version without asking for its card again.
                        showCard(shownCard.orElse(new CardRead(null, "Select a version to read its model card.")));
                        wanted = shown.map(BundleSummary::version).orElse("");
                        selectedVersion.set(wanted);
                    }
                });
            } catch (RuntimeException e) {
                ui.execute(() -> status.set("The model store cannot be read: "
                        + BackgroundWork.logged("Reading the model store", e)));
            }
        });
    }

    /** Shows the card of {@code version} (read in the background); the previous card is cleared meanwhile. */
    public void select(String version) {
        if (version.equals(selectedVersion.get()) && card.get() != null) {
            return;
        }
        BundleSummary summary = listed.get(version);
        if (summary == null) {
            return;
        }
        wanted = version;
        selectedVersion.set(version);
        card.set(null);
        cardStatus.set("Reading the model card of version " + version + "…");
        long read = cardReads.incrementAndGet();
        background.execute(() -> {
            CardRead shown = CardRead.of(summary);
            ui.execute(() -> {
                if (read == cardReads.get()) {
                    showCard(shown);
                }
            });
        });
    }

    private void showCard(CardRead read) {
        card.set(read.content());
        cardStatus.set(read.problem());
    }

    /** A card laid out for the screen, or why it cannot be shown. */
    private record CardRead(ModelCardContent content, String problem) {
        static CardRead of(BundleSummary summary) {
            try {
                return new CardRead(ModelCardSections.read(summary.card(), summary.directory()), "");
            } catch (RuntimeException e) {
                return new CardRead(null, "The model card of version " + summary.version() + " cannot be shown: "
                        + BackgroundWork.logged("Reading model card " + summary.version(), e));
            }
        }
    }

    /**
     * Why activating {@code version} needs the user's explicit confirmation: its card says it failed its acceptance
     * criteria at the site (it was published with an override), or cannot be read. Empty for a model that passed or
     * has no criteria.
     */
    public Optional<FailedCriteria> activationWarning(String version) {
        Path card = store.root().resolve(version).resolve(ModelBundle.CARD_FILE);
        try {
            return Files.isRegularFile(card) && ModelCards.read(card).failedAcceptance()
                    ? Optional.of(FailedCriteria.of(version)) : Optional.empty();
        } catch (ModelStoreException e) {
            return Optional.of(FailedCriteria.unknown(version, BackgroundWork.logged("Reading model card " + version,
                    e)));
        }
    }

    /**
     * Activates {@code version}; the view asks first where {@link #activationWarning} has something to say, and
     * passes on how the user confirmed (the store refuses such a model without it).
     */
    public void activate(String version, Optional<String> confirmation) {
        change(() -> {
            store.activate(version, confirmation);
            return "Version " + version + " is now active.";
        });
    }

    /** Rolls back; the view asks first where {@link #activationWarning} has something to say about the target. */
    public void rollback(Optional<String> confirmation) {
        change(() -> "Rolled back to version " + store.rollback(confirmation).version() + ".");
    }

    /**
     * A question for the user: an archive offered for import is signed by a key the store does not trust.
     *
     * @param archive     the archive
     * @param signer      who the signature says holds the key
     * @param fingerprint the key's fingerprint, to compare with its owner
     */
    public record KeyToTrust(Path archive, String signer, String fingerprint) {
    }

    /** Set when an import waits for the user to trust its signer's key (see {@link #importArchive}); else null. */
    public ReadOnlyObjectProperty<KeyToTrust> keyToTrustProperty() {
        return keyToTrust.getReadOnlyProperty();
    }

    /**
     * Adds a model archive written by an export to the store; it is not activated. One signed by a key the store
     * does not trust is not added: {@link #keyToTrustProperty()} asks the user, whose answer comes back as
     * {@code trustKey} (the fingerprint) in a second call.
     */
    public void importArchive(Path zip, Optional<String> trustKey) {
        keyToTrust.set(null);
        change(() -> {
            try {
                return "Imported version " + store.importBundle(zip, trustKey).version() + " from "
                        + zip.getFileName() + ". It is not active: read its model card, then activate it if your "
                        + "site accepts it.";
            } catch (UntrustedBundleException e) {
                if (e.signature().isEmpty()) {
                    throw e;
                }
                KeyToTrust question = new KeyToTrust(zip, e.signature().get().signer(),
                        e.signature().get().fingerprint());
                ui.execute(() -> keyToTrust.set(question));
                return zip.getFileName() + " is signed by " + question.signer() + ", a key this workstation does not "
                        + "trust yet; it was not imported.";
            }
        });
    }

    /** Writes a version, verified, to a new archive another workstation can import. */
    public void exportVersion(String version, Path zip) {
        change(() -> {
            store.exportZip(version, zip);
            return "Exported version " + version + " to " + zip + ".";
        });
    }

    /** Removes a version that is not active; it can no longer be activated or rolled back to. */
    public void delete(String version) {
        change(() -> {
            store.delete(version);
            return "Deleted version " + version + ".";
        });
    }

    /** Runs a store change in the background; shows what it did (or why it failed) and the store afterwards. */
    private void change(Supplier<String> action) {
        background.execute(() -> {
            try {
                String done = action.get();
                ui.execute(() -> status.set(done));
            } catch (RuntimeException e) {
                ui.execute(() -> status.set(BackgroundWork.logged("Changing the active model", e)));
            }
            refresh();
        });
    }

    /** An added model stops being news once activated; a notice about a version the user deleted is void. */
    private static boolean stillApplies(BundledModelNotice notice, List<ModelRow> rows) {
        Optional<ModelRow> row = rows.stream().filter(r -> r.version().equals(notice.version())).findFirst();
        switch (notice.kind()) {
            case ADDED:
                return row.filter(r -> !r.active()).isPresent();
            case CONTENT_DIFFERS:
                return row.isPresent();
            default:
                return row.isEmpty();
        }
    }

    private static ModelRow row(BundleSummary summary) {
        ModelCard card = summary.card();
        return new ModelRow(summary.version(), summary.active(), card.parent().orElse("—"),
                ModelCardText.created(card), card.createdBy(), card.architecture(), headline(card.metrics()));
    }

    /** The COVID-19 AUROC the card reports (site test if fine-tuned here, else test or validation). */
    private static String headline(Map<String, Object> metrics) {
        for (String key : List.of("siteTest", "test", "validation")) {
            Object block = metrics.get(key);
            if (block instanceof Map<?, ?> m) {
                Object source = m.containsKey("candidate") ? m.get("candidate") : m;
                if (source instanceof Map<?, ?> s && s.get("overall") instanceof Map<?, ?> overall
                        && overall.get("covid") instanceof Map<?, ?> covid && covid.get("auroc") != null) {
                    return covid.get("auroc") + " (" + key + ")";
                }
            }
        }
        return "";
    }

    public ObservableList<ModelRow> models() {
        return models;
    }

    /** The version whose card is shown or being read; "" when none. */
    public StringProperty selectedVersionProperty() {
        return selectedVersion;
    }

    /** The card of the selected version; null while it is read, or when it cannot be shown. */
    public ObjectProperty<ModelCardContent> cardProperty() {
        return card;
    }

    /** Why no card is shown (being read, none selected, unreadable); "" while one is. */
    public StringProperty cardStatusProperty() {
        return cardStatus;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public StringProperty rollbackTargetProperty() {
        return rollbackTarget;
    }
}
