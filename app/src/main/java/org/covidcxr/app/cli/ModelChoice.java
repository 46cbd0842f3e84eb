package org.covidcxr.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.covidcxr.app.audit.ModelChangeAudit;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelStore;
import org.covidcxr.modelstore.ModelStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Which model a command runs: a bundle folder, a version from the model store, or (default) the store's active
 * model.
 */
public final class ModelChoice {
    private static final Logger LOG = LoggerFactory.getLogger(ModelChoice.class);


    @ArgGroup(exclusive = true)
    private Choice choice;

    static final class Choice {
        @Option(names = "--model", paramLabel = "DIR",
                description = "Model bundle folder (model-card.json, saved_model/, checksums).")
        private Path folder;

        @Option(names = "--model-version", paramLabel = "V", description = "Model version from the model store.")
        private String version;
    }

    @Option(names = "--store", paramLabel = "DIR",
            description = "Model store folder (default: $COVIDCXR_MODEL_STORE or ~/.local/share/covidcxr/models).")
    private Path store;

    /**
     * The chosen bundle, verified.
     *
     * @throws org.covidcxr.modelstore.ModelStoreException with a message saying what to do
     */
    public ModelBundle resolve() {
        if (choice != null && choice.folder != null) {
            if (!Files.isDirectory(choice.folder)) {
                throw new ModelStoreException("--model " + choice.folder + " is not a model bundle folder (one with "
                        + "model-card.json, saved_model/ and checksums.sha256). An exported .zip is added to the "
                        + "store first (`covidcxr models import " + choice.folder + "`), then chosen with "
                        + "--model-version.");
            }
            ModelBundle bundle = ModelBundles.open(choice.folder);
            if (ModelBundles.signature(bundle).isEmpty()) {
                LOG.warn("The model folder {} is not signed: its checksums are intact, but nothing shows who made it. "
                        + "Models from the store are signed and checked (`covidcxr models publish` for your own).",
                        choice.folder);
            }
            return bundle;
        }
        // Opening may seed and activate the shipped model: audited like every change.
        ModelStore opened = store != null ? ModelStore.open(store, ModelChangeAudit.storeSettings())
                : ModelStore.openDefault(ModelChangeAudit.storeSettings());
        return choice != null && choice.version != null ? opened.bundle(choice.version) : opened.requireActive();
    }
}
