package org.covidcxr.app.training;

import java.nio.file.Path;
import java.time.Clock;
import org.covidcxr.app.home.AppHome;
import org.covidcxr.modelstore.ModelStore;

/**
 * What the training wizard and the Models view need from the workstation.
 *
 * @param store    the workstation's model store (with its audit listener, so publish/activate/rollback are audited)
 * @param runsRoot where training runs live
 * @param siteKey  the site's pseudonymisation key (shared with the feedback dataset)
 * @param feedback the viewer's feedback dataset folder
 */
public record TrainingServices(ModelStore store, Path runsRoot, Path siteKey, Path feedback, String user,
                               Clock clock) {

    /** The standard locations inside the workstation's home folder. */
    public static TrainingServices of(AppHome home, ModelStore store, String user, Clock clock) {
        return new TrainingServices(store, home.root().resolve("training-runs"),
                home.root().resolve("site-pseudonym.key"), home.feedbackDataset(), user, clock);
    }
}
