package org.covidcxr.app.ui.startup;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import org.covidcxr.app.training.TrainingServices;
import org.covidcxr.app.ui.controls.LazyTabs;
import org.covidcxr.app.ui.models.ModelsView;
import org.covidcxr.app.ui.models.ModelsViewModel;
import org.covidcxr.app.ui.training.TrainingWizardView;
import org.covidcxr.app.ui.training.TrainingWizardViewModel;

/**
 * Builds the "Training" and "Models" tabs and puts them beside the workstation's viewer, so the composition root
 * needs one call. The returned object owns the thread that follows training processes.
 */
public final class TrainingTabs implements AutoCloseable {
    private final TabPane tabs;
    private final TrainingWizardViewModel wizard;
    private final ModelsViewModel models;
    private final ExecutorService monitor;

    private TrainingTabs(TabPane tabs, TrainingWizardViewModel wizard, ModelsViewModel models,
                         ExecutorService monitor) {
        this.tabs = tabs;
        this.wizard = wizard;
        this.models = models;
        this.monitor = monitor;
    }

    /**
     * Moves the main window's centre (worklist, viewer and side panels) into a "Viewer" tab and adds the two tabs
     * beside it.
     *
     * @param background the workstation's background pool
     * @param ui         {@code Platform::runLater}
     */
    public static TrainingTabs install(BorderPane mainWindow, TrainingServices services, Executor background,
                                       Executor ui) {
        Node viewer = mainWindow.getCenter();
        mainWindow.setCenter(null);
        TrainingTabs tabs = create(viewer, services, background, ui);
        mainWindow.setCenter(tabs.node());
        return tabs;
    }

    private static TrainingTabs create(Node viewer, TrainingServices services, Executor background, Executor ui) {
        ExecutorService monitor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "covidcxr-training-monitor");
            t.setDaemon(true);
            return t;
        });
        TrainingWizardViewModel wizard = new TrainingWizardViewModel(services, background, monitor, ui);
        ModelsViewModel models = new ModelsViewModel(services.store(), background, ui);
        wizard.setOnModelsChanged(models::refresh);
        Tab viewerTab = new Tab("Viewer", viewer);
        viewerTab.setId("viewer-tab");
        Tab trainingTab = new Tab("Training");
        trainingTab.setId("training-tab");
        Tab modelsTab = new Tab("Models");
        modelsTab.setId("models-tab");
        TabPane tabs = new TabPane(viewerTab, trainingTab, modelsTab);
        LazyTabs.buildOnFirstShow(trainingTab, () -> new TrainingWizardView(wizard));
        LazyTabs.buildOnFirstShow(modelsTab, () -> new ModelsView(models));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        trainingTab.setOnSelectionChanged(e -> {
            if (trainingTab.isSelected()) {
                wizard.refresh();
            }
        });
        modelsTab.setOnSelectionChanged(e -> {
            if (modelsTab.isSelected()) {
                models.refresh();
            }
        });
        return new TrainingTabs(tabs, wizard, models, monitor);
    }

    /** The tab pane to put where the viewer was. */
    public TabPane node() {
        return tabs;
    }

    public TrainingWizardViewModel wizard() {
        return wizard;
    }

    public ModelsViewModel models() {
        return models;
    }

    /**
     * Pauses a running training (it stops after the current step, resumable from the wizard next time) and stops
     * following it. Should the app die without closing, the training process notices within a second and pauses too.
     */
    @Override
    public void close() {
        wizard.train().pause();
        monitor.shutdownNow();
    }
}
