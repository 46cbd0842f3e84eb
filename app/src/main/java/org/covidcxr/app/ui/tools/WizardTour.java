package org.covidcxr.app.ui.tools;

import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.covidcxr.app.ui.startup.TrainingTabs;
import org.covidcxr.app.ui.startup.WorkstationDriver;
import org.covidcxr.app.ui.training.TrainingWizardViewModel;
import org.covidcxr.app.ui.training.TrainingWizardViewModel.Step;
import org.covidcxr.inference.sitetraining.RunStatus;

/**
 * Walks the training wizard through a labelled folder as a trainer would (scan, split, a short fine-tuning run,
 * evaluation) and takes each step's screenshot. Stops before publishing: the store may be the user's.
 */
final class WizardTour {
    private WizardTour() {
    }

    /** @return how far it got, for the command's summary */
    static String run(TrainingTabs tabs, Path site, Shots shots) throws Exception {
        TrainingWizardViewModel wizard = tabs.wizard();
        Shots.fx(() -> tabs.node().getSelectionModel().select(1));
        try {
            Shots.fx(() -> wizard.data().addFolder(site));
            Shots.fx(() -> wizard.data().scan());
            await(() -> wizard.data().resultProperty().get() != null, 120);
            shots.take("training-1-data");

            Shots.fx(() -> {
                wizard.split().seedProperty().set(7); // reproducible screenshots
                wizard.next();
            });
            await(() -> wizard.stepProperty().get() == Step.SPLIT, 30);
            shots.take("training-2-split");

            Shots.fx(() -> {
                wizard.next();
                wizard.settings().epochsProperty().set(2);
                wizard.settings().batchSizeProperty().set(8);
            });
            await(() -> wizard.stepProperty().get() == Step.SETTINGS, 30);
            shots.take("training-3-settings");

            Shots.fx(wizard::startTraining);
            // Either the run trains to its end, or the wizard refuses to start it and says why.
            await(() -> wizard.stepProperty().get() == Step.TRAIN ? !wizard.train().trainingProperty().get()
                    : !wizard.preparingProperty().get() && !wizard.messageProperty().get().isEmpty(), 600);
            if (wizard.stepProperty().get() != Step.TRAIN) {
                return "training did not start: " + wizard.messageProperty().get();
            }
            shots.take("training-4-train");
            if (wizard.train().statusProperty().get() != RunStatus.TRAINED) {
                return "training stopped: " + wizard.train().messageProperty().get();
            }

            Shots.fx(wizard::next);
            await(() -> !wizard.evaluate().evaluatingProperty().get() && (wizard.evaluate().comparisonProperty()
                    .get() != null || wizard.evaluate().stoppedProperty().get()), 300);
            shots.take("training-5-evaluate");
            if (wizard.evaluate().comparisonProperty().get() == null) {
                return "evaluation stopped: " + wizard.evaluate().statusProperty().get();
            }

            Shots.fx(wizard::next);
            await(() -> wizard.stepProperty().get() == Step.PUBLISH, 30);
            shots.take("training-6-publish");
            return "all six steps";
        } catch (TimeoutException e) {
            return "stopped at step " + wizard.stepProperty().get().title() + ": " + e.getMessage()
                    + "; wizard says '" + wizard.messageProperty().get() + "'";
        }
    }

    private static void await(BooleanSupplier condition, int seconds) throws Exception {
        WorkstationDriver.await(condition, seconds * 1000L);
    }
}
