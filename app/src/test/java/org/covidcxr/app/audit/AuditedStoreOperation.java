package org.covidcxr.app.audit;

import java.nio.file.Path;
import java.util.Optional;
import org.covidcxr.modelstore.BundledModels;
import org.covidcxr.modelstore.ModelStore;

/**
 * Run by {@link ModelStoreAuditCrashTest} in a JVM of its own, which the store halts at a chosen durable step:
 * opens the store with the audit log of {@code covidcxr.home} listening and makes one change.
 * Arguments: store folder, then {@code activate V}, {@code rollback}, {@code publish FOLDER},
 * {@code import ZIP [TRUSTED-KEY-FINGERPRINT]} or {@code delete V}.
 */
public final class AuditedStoreOperation {
    private AuditedStoreOperation() {
    }

    public static void main(String[] args) {
        ModelStore store = ModelStore.open(Path.of(args[0]), ModelChangeAudit.storeSettings(
                ModelStore.Settings.defaults().withBundledModels(BundledModels.none())));
        switch (args[1]) {
            case "activate" -> store.activate(args[2]);
            case "rollback" -> store.rollback();
            case "publish" -> store.publish(Path.of(args[2]));
            case "import" -> store.importBundle(Path.of(args[2]),
                    args.length > 3 ? Optional.of(args[3]) : Optional.empty());
            case "delete" -> store.delete(args[2]);
            default -> throw new IllegalArgumentException(args[1]);
        }
    }
}
