package org.covidcxr.app.ui.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import atlantafx.base.theme.PrimerDark;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.covidcxr.app.TestModels;
import org.covidcxr.app.audit.AuditLog;
import org.covidcxr.app.audit.ModelChangeAudit;
import org.covidcxr.app.ui.LayoutChecks;
import org.covidcxr.files.FileTrees;
import org.covidcxr.modelstore.BundledModels;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelBundles;
import org.covidcxr.modelstore.ModelCard;
import org.covidcxr.modelstore.ModelCards;
import org.covidcxr.modelstore.ModelStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Models tab on a store seeded with the shipped models (1.1.1 active), at 1366 × 768 under headless Monocle: the
 * active model's card reads intended use and known limitations first, then the figures as tables with real numbers
 * per source, then the evaluation plots as thumbnails that open full size; selecting another version shows its card;
 * no text is cut short and nothing scrolls sideways at 1366 × 768 or 1280 × 720; a site model published against its
 * acceptance criteria says so before anything else.
 * The whole card is written to {@code target/model-card-snapshots/} to be looked at.
 */
@ExtendWith(ApplicationExtension.class)
class ModelsViewUiTest {
    private static final Path SNAPSHOTS = Path.of("target", "model-card-snapshots");

    @TempDir
    Path tmp;
    ModelStore store;
    ModelsViewModel vm;
    ExecutorService background;
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        new ArrayList<>(Window.getWindows()).forEach(Window::hide);
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        store = ModelStore.open(tmp.resolve("store"));
        background = Executors.newSingleThreadExecutor();
        vm = new ModelsViewModel(store, background, Platform::runLater);
        stage.setScene(new Scene(new ModelsView(vm), 1366, 768));
        stage.show();
        vm.refresh();
    }

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @Test
    void theActiveCardReadsUseAndLimitationsFirstThenPerSourceTablesThenPlotsThatOpenFullSize(FxRobot robot)
            throws Exception {
        String active = store.activeVersion().orElseThrow();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#card-use").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(robot, "card-" + active + ".png");

        VBox page = robot.lookup(".model-card").queryAs(VBox.class);
        assertThat(((Label) page.getChildren().get(0)).getText()).startsWith("Model " + active + " — ");
        assertThat(robot.lookup("#card-intended-use").queryAs(Label.class).getText())
                .isEqualTo("Decision support for adult frontal chest X-rays; not a standalone diagnosis");
        VBox limitations = robot.lookup("#card-limitations").queryAs(VBox.class);
        assertThat(limitations.getChildren()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(((Label) limitations.getChildren().get(0)).getText()).startsWith("•  Source bias");
        Node use = robot.lookup("#card-use").query();
        Node figures = robot.lookup("#card-figures").query();
        Node plots = robot.lookup("#card-plots").query();
        assertThat(page.getChildren().indexOf(use)).isLessThan(page.getChildren().indexOf(figures));
        assertThat(page.getChildren().indexOf(figures)).isLessThan(page.getChildren().indexOf(plots));
        assertThat(use.localToScene(use.getBoundsInLocal()).getMinY()).as("intended use and limitations on top")
                .isLessThan(figures.localToScene(figures.getBoundsInLocal()).getMinY());

        GridPane test = table(robot, "Test split — held out");
        assertThat(row(test, "Source ieee8023")).containsExactly("Source ieee8023", "73", "43", "58",
                "0.606 (0.420–0.910)", "0.983", "0.133", "0.167");
        assertThat(row(test, "Source nih")).element(4).isEqualTo("—");
        assertThat(table(robot, "Validation split — used for tuning")).isNotNull();

        List<Button> thumbnails = new ArrayList<>(robot.lookup(".card-plot").queryAllAs(Button.class));
        assertThat(thumbnails).hasSize(9);
        assertThat(thumbnails).allSatisfy(b -> {
            ImageView view = (ImageView) b.getGraphic();
            assertThat(view.getImage().getWidth()).isEqualTo(760);
            assertThat(view.getBoundsInParent().getWidth()).isEqualTo(ModelCardView.THUMBNAIL_WIDTH);
        });
        assertThat(thumbnails.get(0).getUserData()).isEqualTo("evaluation-test/roc-all.png");
        int windows = Window.getWindows().size();
        robot.interact(() -> thumbnails.get(0).fire());
        Window full = Window.getWindows().get(windows);
        assertThat(((Stage) full).getTitle()).isEqualTo("Test split · all images — ROC");
        assertThat(robot.from(full.getScene().getRoot()).lookup(".image-view").queryAs(ImageView.class)
                .getFitWidth()).as("shown at its own size").isZero();
        robot.interact(full::hide);

        Parent tab = stage.getScene().getRoot();
        for (double[] size : List.of(new double[] {1366, 768}, new double[] {1280, 720})) {
            robot.interact(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            WaitForAsyncUtils.waitForFxEvents();
            String at = (int) size[0] + " × " + (int) size[1];
            assertThat(LayoutChecks.truncated(tab)).as("text cut short at " + at).isEmpty();
            assertThat(LayoutChecks.scrollingSideways(tab)).as("scrolling sideways at " + at).isEmpty();
        }
    }

    @Test
    void selectingAnotherVersionShowsItsCard(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#card-use").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        TableView<ModelRow> versions = robot.lookup("#models-table").queryAs(TableView.class);
        assertThat(versions.getSelectionModel().getSelectedItem().active()).isTrue();

        robot.interact(() -> versions.getSelectionModel().select(versions.getItems().stream()
                .filter(r -> r.version().equals("1.1.0")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".card-heading").tryQuery()
                .map(l -> ((Label) l).getText().startsWith("Model 1.1.0 — ")).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(robot, "card-1.1.0.png");
        assertThat(robot.lookup(".card-note").queryAllAs(Label.class)).extracting(Label::getText)
                .anyMatch(t -> t.startsWith("No selective verdict recorded"));
        assertThat(robot.lookup(".card-plot").queryAll()).hasSize(9);

        // Deleting the version shown: the table's rows are replaced (another version takes its row) and the active
        // version's card comes back.
        robot.interact(() -> vm.delete("1.1.0"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> versions.getItems().size() == 2);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.cardProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        String active = store.activeVersion().orElseThrow();
        assertThat(versions.getSelectionModel().getSelectedItem().version()).isEqualTo(active);
        assertThat(robot.lookup(".card-heading").queryAs(Label.class).getText()).startsWith("Model " + active);
    }

    @Test
    void aSiteModelPublishedAgainstItsCriteriaSaysSoAboveEverythingElse(FxRobot robot) throws Exception {
        String whyFailed = "Failed: 95 % interval of new − active -0.103 to +0.000; a drop of more than the allowed "
                + "0.000 cannot be ruled out.";
        Path bundle = tmp.resolve("1.1.1-site");
        FileTrees.copy(store.root().resolve("1.1.1"), bundle);
        ModelCard c = ModelCards.read(bundle.resolve(ModelBundle.CARD_FILE));
        Map<String, Object> metrics = new LinkedHashMap<>(c.metrics());
        metrics.put("siteTest", Map.of("candidate", c.metrics().get("test"),
                "active", Map.of("version", "1.1.1", "metrics", c.metrics().get("test"))));
        metrics.put(ModelCard.ACCEPTANCE_METRIC, Map.of("passed", false, "override", true, "criteria", List.of(
                Map.of("name", "COVID-19 sensitivity at threshold", "requirement", "at least the active model's",
                        "active", 0.9828, "candidate", 0.9655, "passed", false, "reason", whyFailed))));
        ModelCards.write(new ModelCard("1.1.1-site", c.architecture(), c.classes(), c.input(), c.preprocessing(),
                c.operatingThreshold(), c.temperature(), c.trainingData(), metrics, c.intendedUse(), c.limitations(),
                "1.1.1", c.createdAt(), "trainer", c.notes()), bundle.resolve(ModelBundle.CARD_FILE));
        store.publish(ModelBundles.seal(bundle).directory());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#card-use").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();

        select(robot, vm, "1.1.1-site");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".card-warning").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        snapshot(robot, "card-1.1.1-site.png");

        VBox page = robot.lookup(".model-card").queryAs(VBox.class);
        assertThat(page.getChildren().get(1).getStyleClass()).contains("card-warning");
        assertThat(((Label) page.getChildren().get(1)).getText()).contains("failed its acceptance criteria");
        assertThat(row(table(robot, "Site test split — this site's held-out images"),
                "Model 1.1.1 (active then), source ieee8023")).element(4).isEqualTo("0.606 (0.420–0.910)");
        assertThat(row(table(robot, "Acceptance criteria on the site test split — NOT passed (published by "
                + "override)"), "COVID-19 sensitivity at threshold")).endsWith("0.983", "0.966", "FAIL", whyFailed);
    }

    @Test
    void activatingAModelThatFailedItsCriteriaAsksFirstAndTheAuditLogRecordsTheConfirmation(FxRobot robot)
            throws Exception {
        Path log = tmp.resolve("audit.jsonl");
        ModelStore audited = ModelStore.open(store.root(), ModelStore.Settings.defaults()
                .withListener(ModelChangeAudit.listener(AuditLog.open(log), "trainer-7")));
        audited.publish(TestModels.failedSiteBundle(tmp, "1.2.0-site"));
        String before = audited.activeVersion().orElseThrow();
        ModelsViewModel auditedVm = new ModelsViewModel(audited, background, Platform::runLater);
        robot.interact(() -> stage.setScene(new Scene(new ModelsView(auditedVm), 1366, 768)));
        select(robot, auditedVm, "1.2.0-site");

        robot.clickOn("#activate-version");
        DialogPane question = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertThat(question.getHeaderText()).isEqualTo("Activate version 1.2.0-site, which failed its acceptance "
                + "criteria?");
        assertThat(question.getContentText()).contains("published with an override", "audit log");
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(audited.activeVersion()).as("cancelled: nothing changed").contains(before);

        robot.clickOn("#activate-version");
        robot.clickOn(robot.lookup(".dialog-pane").lookup("OK").queryButton());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> audited.activeVersion().orElseThrow()
                .equals("1.2.0-site"));
        List<String> activations = Files.readAllLines(log).stream()
                .filter(l -> l.contains("\"action\":\"activated\"")).toList();
        assertThat(activations).as("one activation: the cancelled one left no trace").singleElement().asString()
                .contains("\"user\":\"trainer-7\"", "\"modelVersion\":\"1.2.0-site\"", "\"passed\":false",
                        "\"override\":true", "COVID-19 AUROC",
                        "\"activationConfirmed\":\"confirmed in the Models view\"");
    }

    @Test
    void anArchiveSignedByAnUnknownKeyIsImportedOnlyWhenTheUserTrustsTheKeyShownAndTheAuditLogRecordsIt(
            FxRobot robot) throws Exception {
        ModelStore otherSite = ModelStore.open(tmp.resolve("other-site"), ModelStore.Settings.defaults()
                .withBundledModels(BundledModels.none()));
        otherSite.publish(TestModels.fakeBundle(tmp.resolve("other"), "2.0.0-site"));
        Path zip = tmp.resolve("usb").resolve("covidcxr-model-2.0.0-site.zip");
        Files.createDirectories(zip.getParent());
        otherSite.exportZip("2.0.0-site", zip);
        String key = otherSite.siteKey().orElseThrow().fingerprint();
        Path log = tmp.resolve("audit.jsonl");
        ModelStore audited = ModelStore.open(store.root(), ModelStore.Settings.defaults()
                .withListener(ModelChangeAudit.listener(AuditLog.open(log), "trainer-7")));
        ModelsViewModel auditedVm = new ModelsViewModel(audited, background, Platform::runLater);
        robot.interact(() -> stage.setScene(new Scene(new ModelsView(auditedVm), 1366, 768)));

        for (String answer : List.of("Cancel", "OK")) {
            robot.interact(() -> auditedVm.importArchive(zip, Optional.empty())); // as the file chooser does
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".dialog-pane").tryQuery()
                    .isPresent());
            DialogPane question = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
            assertThat(question.getHeaderText()).isEqualTo("Trust the key that signed " + zip.getFileName() + "?");
            assertThat(question.getContentText()).contains("calls itself \u201csite key of ", ModelsView.grouped(key),
                    "telephone", "audit log");
            robot.clickOn(robot.lookup(".dialog-pane").lookup(answer).queryButton());
            WaitForAsyncUtils.waitForFxEvents();
        }
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> audited.list().stream()
                .anyMatch(b -> b.version().equals("2.0.0-site")));
        List<String> lines = Files.readAllLines(log).stream().filter(l -> l.contains("2.0.0-site")).toList();
        assertThat(lines).as("the cancelled import left no trace").hasSize(2);
        assertThat(lines.get(0)).contains("\"action\":\"key_trusted\"", "\"user\":\"trainer-7\"", key);
        assertThat(lines.get(1)).contains("\"action\":\"imported\"", key);
    }

    /** Refreshes the list and selects {@code version} in it, as a user's click would. */
    private static void select(FxRobot robot, ModelsViewModel models, String version) throws Exception {
        robot.interact(models::refresh);
        TableView<ModelRow> versions = robot.lookup("#models-table").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> versions.getItems().stream()
                .anyMatch(r -> r.version().equals(version)));
        robot.interact(() -> versions.getSelectionModel().select(versions.getItems().stream()
                .filter(r -> r.version().equals(version)).findFirst().orElseThrow()));
    }

    private static GridPane table(FxRobot robot, String title) {
        return robot.lookup(".card-table").queryAllAs(GridPane.class).stream()
                .filter(g -> title.equals(g.getUserData())).findFirst()
                .orElseThrow(() -> new AssertionError("no table " + title));
    }

    /** The texts of the row whose first cell reads {@code label}, in column order. */
    private static List<String> row(GridPane grid, String label) {
        Integer index = grid.getChildren().stream().filter(n -> GridPane.getColumnIndex(n) == 0
                && label.equals(((Label) n).getText())).map(GridPane::getRowIndex).findFirst().orElseThrow();
        return grid.getChildren().stream().filter(n -> index.equals(GridPane.getRowIndex(n)))
                .sorted(Comparator.comparing(GridPane::getColumnIndex)).map(n -> ((Label) n).getText())
                .toList();
    }

    /** The whole card, scrolled or not, on the dark theme's background, for a person to look at. */
    private static void snapshot(FxRobot robot, String name) throws IOException {
        Files.createDirectories(SNAPSHOTS);
        Node page = robot.lookup(".model-card").query();
        AtomicReference<WritableImage> shot = new AtomicReference<>();
        SnapshotParameters dark = new SnapshotParameters();
        dark.setFill(Color.web("#0d1117"));
        robot.interact(() -> shot.set(page.snapshot(dark, null)));
        ImageIO.write(SwingFXUtils.fromFXImage(shot.get(), null), "png", SNAPSHOTS.resolve(name).toFile());
    }
}
