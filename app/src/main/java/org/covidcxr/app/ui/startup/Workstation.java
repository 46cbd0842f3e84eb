package org.covidcxr.app.ui.startup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.stage.Stage;
import atlantafx.base.theme.PrimerDark;
import org.covidcxr.app.analysis.AnalysisService;
import org.covidcxr.app.audit.AuditLog;
import org.covidcxr.app.audit.ModelChangeAudit;
import org.covidcxr.app.feedback.FeedbackStore;
import org.covidcxr.app.home.AppHome;
import org.covidcxr.app.home.LogFile;
import org.covidcxr.app.home.WindowSettings;
import org.covidcxr.app.pacs.PacsConnection;
import org.covidcxr.app.session.RecentFiles;
import org.covidcxr.app.training.TrainingServices;
import org.covidcxr.app.ui.common.Notice;
import org.covidcxr.app.ui.controls.LazyTabs;
import org.covidcxr.app.ui.main.MainView;
import org.covidcxr.app.ui.main.MainViewModel;
import org.covidcxr.app.ui.pacs.PacsView;
import org.covidcxr.app.ui.pacs.PacsViewModel;
import org.covidcxr.modelstore.ModelStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the services, ViewModels and views of one workstation window. Used by the
 * application, the screenshot and benchmark commands and the UI tests, so they all exercise the same wiring.
 */
public final class Workstation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Workstation.class);

    private final Stage stage;
    private final MainViewModel viewModel;
    private final AnalysisService analysis;
    private final List<ExecutorService> workers;
    private final ExecutorService analysisThread;
    private final TrainingTabs training;
    private final PacsConnection pacs;

    private Workstation(Stage stage, MainViewModel viewModel, AnalysisService analysis, List<ExecutorService> workers,
                        ExecutorService analysisThread, TrainingTabs training, PacsConnection pacs) {
        this.training = training;
        this.pacs = pacs;
        this.stage = stage;
        this.viewModel = viewModel;
        this.analysis = analysis;
        this.workers = workers;
        this.analysisThread = analysisThread;
    }

    /** The workstation with the user's home folder and the default model store. */
    public static Workstation create(Stage stage) throws IOException {
        return create(stage, AppHome.fromEnvironment(), ModelStore.defaultRoot());
    }

    /**
     * @throws IOException when the audit log cannot be opened or fails verification: the workstation does not run
     *                     unaudited
     */
    public static Workstation create(Stage stage, AppHome home, Path modelStore) throws IOException {
        LogFile.start(home.logs());
        LOG.info("Workstation starting");
        String user = System.getProperty("user.name", "unknown");
        AuditLog audit = AuditLog.open(home.auditLog());
        ModelStore store = ModelStore.open(modelStore,
                ModelStore.Settings.defaults().withListener(ModelChangeAudit.listener(audit, user)));
        AnalysisService analysis = new AnalysisService(store, audit, user, Clock.systemDefaultZone());
        FeedbackStore feedback = new FeedbackStore(home.feedbackDataset(), home.root().resolve("site-pseudonym.key"));
        ExecutorService background = pool(2, "covidcxr-background");
        ExecutorService display = pool(1, "covidcxr-display");
        ExecutorService analysisThread = pool(1, "covidcxr-analysis");
        // The wizard's scans, copies and evaluations run on their own threads: they never hold up the viewer.
        ExecutorService trainingWork = pool(2, "covidcxr-training");
        MainViewModel viewModel = new MainViewModel(new MainViewModel.Services(analysis, feedback,
                new RecentFiles(home.recentFiles()), user, Clock.systemDefaultZone(), home.logs()),
                new MainViewModel.Threads(background, display, analysisThread, Platform::runLater));

        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheetBSS());
        MainView view = new MainView(viewModel);
        TrainingTabs training = TrainingTabs.install(view, TrainingServices.of(home, store, user,
                Clock.systemDefaultZone()), trainingWork, Platform::runLater);
        PacsConnection pacs = new PacsConnection(home.pacsSettings(), home.incoming(),
                received -> Platform.runLater(() -> viewModel.receive(received.file())),
                refused -> Platform.runLater(() -> viewModel.notices().add(
                        new Notice(Notice.Level.WARNING, "PACS", refused))));
        try {
            pacs.startIfConfigured();
        } catch (IOException e) {
            viewModel.notices().add(new Notice(Notice.Level.WARNING, "PACS receiver not started", e.getMessage()));
        }
        PacsViewModel pacsViewModel = new PacsViewModel(pacs, analysis, audit, user, background, Platform::runLater);
        pacsViewModel.attach(viewModel.worklist(), viewModel.selectedProperty());
        Tab pacsTab = new Tab("PACS");
        pacsTab.setId("pacs-tab");
        training.node().getTabs().add(pacsTab);
        LazyTabs.buildOnFirstShow(pacsTab, () -> new PacsView(pacsViewModel));
        Scene scene = new Scene(view);
        // Popups (ControlsFX notifications) take their stylesheets from the owner's scene.
        scene.getStylesheets().add(Workstation.class.getResource("notifications.css").toExternalForm());
        stage.setScene(scene);
        stage.setTitle("COVID-19 Chest X-ray Workstation — decision support, not a diagnosis");
        WindowMemory.attach(stage, new WindowSettings(home.windowSettings()));
        return new Workstation(stage, viewModel, analysis, List.of(background, display, trainingWork), analysisThread,
                training, pacs);
    }

    /**
     * Shows the window, then loads the model in the background. Not earlier: loading TensorFlow's 600 MB library holds
     * the C library's loader lock for about half a second, and every first call of a JavaFX native method while the
     * window opens would wait for it.
     */
    public void show() {
        stage.show();
        viewModel.warmUp();
    }

    public void open(List<Path> files) {
        viewModel.open(files);
    }

    public Stage stage() {
        return stage;
    }

    public MainViewModel viewModel() {
        return viewModel;
    }

    /** The Training and Models tabs. */
    public TrainingTabs training() {
        return training;
    }

    @Override
    public void close() {
        pacs.close();
        training.close();
        workers.forEach(ExecutorService::shutdownNow);
        analysisThread.shutdown();
        try {
            if (!analysisThread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("an analysis was still running at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        analysis.close();
    }

    /**
     * A pool of daemon threads. Work handed to it after the workstation closed (a render or a result still queued on
     * the JavaFX thread) is dropped: the window it was for is gone.
     */
    private static ExecutorService pool(int threads, String name) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory daemon = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), daemon,
                new ThreadPoolExecutor.DiscardPolicy());
    }
}
