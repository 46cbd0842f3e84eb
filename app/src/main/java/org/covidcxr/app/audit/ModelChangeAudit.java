package org.covidcxr.app.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.covidcxr.app.home.AppHome;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelCards;
import org.covidcxr.modelstore.ModelStore;
import org.covidcxr.modelstore.ModelStoreEvent;
import org.covidcxr.modelstore.ModelStoreException;
import org.covidcxr.modelstore.ModelStoreListener;

/**
 * Every change to the model store reaches the audit log, whoever opens the store: the workstation, any command, the
 * self-test (whose first open seeds and activates the shipped model).
 */
public final class ModelChangeAudit {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelChangeAudit() {
    }

    /** Writes the store's changes (seeding, activation, rollback, import …) into {@code audit}. */
    public static ModelStoreListener listener(AuditLog audit, String user) {
        return event -> {
            String action = event.type().name().toLowerCase(Locale.ROOT);
            try {
                if (event.outcome() != ModelStoreEvent.Outcome.DONE && recorded(audit, event, action)) {
                    return; // reported again after a process ended between the record and the store noting it
                }
                audit.append(new AuditEvent.ModelChange(event.time(), user, action, event.version(),
                        event.modelChecksum(), event.previousActive().orElse(""), event.outcome().description,
                        acceptance(event), event.signingKey().orElse("")));
            } catch (IOException e) {
                throw new ModelStoreException("The model change could not be written to the audit log "
                        + audit.file() + " (" + e.getMessage() + ").", e);
            }
        };
    }

    /** Whether the log already has this change: a model-change line with its time, action and version. */
    private static boolean recorded(AuditLog audit, ModelStoreEvent event, String action) throws IOException {
        String time = event.time().toString();
        for (String line : audit.lines()) {
            if (line.contains(time)) {
                JsonNode node = JSON.readTree(line);
                if (node.path("type").asText().equals("model-change") && node.path("time").asText().equals(time)
                        && node.path("action").asText().equals(action)
                        && node.path("modelVersion").asText().equals(event.version())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * What the model card of a published or (re)activated model says about its acceptance criteria and any override,
     * and how the user confirmed activating it despite failed criteria, so that the log itself shows who put such a
     * model into use.
     */
    private static Map<String, Object> acceptance(ModelStoreEvent event) {
        if (event.type() != ModelStoreEvent.Type.PUBLISHED && event.type() != ModelStoreEvent.Type.ACTIVATED
                && event.type() != ModelStoreEvent.Type.ROLLED_BACK) {
            return Map.of();
        }
        Path card = event.store().resolve(event.version()).resolve(ModelBundle.CARD_FILE);
        Map<String, Object> acceptance = new LinkedHashMap<>();
        try {
            if (Files.isRegularFile(card)) {
                acceptance.putAll(ModelCards.read(card).acceptance());
            }
        } catch (ModelStoreException e) {
            acceptance.put("unreadable", e.getMessage());
        }
        event.confirmation().ifPresent(how -> acceptance.put("activationConfirmed", how));
        return acceptance;
    }

    /** Store settings whose changes are audited in the user's audit log. */
    public static ModelStore.Settings storeSettings() {
        return storeSettings(ModelStore.Settings.defaults());
    }

    /** {@code settings} with the user's audit log listening. */
    public static ModelStore.Settings storeSettings(ModelStore.Settings settings) {
        AppHome home = AppHome.fromEnvironment();
        try {
            return settings.withListener(listener(AuditLog.open(home.auditLog()), user()));
        } catch (IOException e) {
            throw new ModelStoreException("The audit log " + home.auditLog() + " cannot be used (" + e.getMessage()
                    + "); model changes are never made unaudited. Run 'covidcxr audit verify' and ask support.", e);
        }
    }

    public static String user() {
        return System.getProperty("user.name", "unknown");
    }
}
