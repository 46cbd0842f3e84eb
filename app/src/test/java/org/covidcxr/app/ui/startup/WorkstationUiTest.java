package org.covidcxr.app.ui.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.covidcxr.app.TestModels;
import org.covidcxr.app.cli.PredictCommand;
import org.covidcxr.app.feedback.FeedbackStore;
import org.covidcxr.app.ui.worklist.WorklistItem;
import org.covidcxr.dicom.WindowPreset;
import org.covidcxr.inference.segmentation.PixelGate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;
import picocli.CommandLine;

/**
 * The workstation's acceptance scenarios on real JavaFX (headless Monocle), the model store's active model through
 * real TensorFlow, and real files from the shared data.
 */
class WorkstationUiTest extends WorkstationUiTestBase {
    private static final Path DATA = TestModels.sharedData();
    private static final Path REAL = DATA.resolve("dicom/real/CR-MONO1-10-chest.dcm");

    @BeforeAll
    static void model() throws IOException {
        store = TestModels.storeWithActiveModel(shared.resolve("models"));
    }

    @Start
    @Override
    void start(Stage stage) throws IOException {
        super.start(stage);
    }

    @Stop
    @Override
    void stop() {
        super.stop();
    }

    private void openAndSettle(FxRobot robot, Path... files) throws Exception {
        assumeTrue(Files.isRegularFile(REAL), "shared data missing at " + REAL.toAbsolutePath());
        openAndSettle(robot, List.of(files), 120);
    }

    @Test
    void theAnalysisPanelsModelCardLinkShowsTheCardOfTheModelThatAnalysedTheImage(FxRobot robot) throws Exception {
        openAndSettle(robot, REAL);
        robot.clickOn("#model-card-link");
        String active = store.activeVersion().orElseThrow();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".card-heading").tryQueryAs(Label.class)
                .map(l -> l.getText().startsWith("Model " + active + " — ")).orElse(false));
        assertThat(robot.lookup("#card-limitations").tryQuery()).isPresent();
        assertThat(robot.lookup(".card-plot").queryAll()).isNotEmpty();
    }

    @Test
    void workLeftForAClosedWorkstationIsDroppedQuietly(FxRobot robot) throws Throwable {
        openAndSettle(robot, REAL);
        robot.interact(workstation::close);
        // A re-render still asked for by the window (e.g. a key press queued before it closed) finds no display thread.
        robot.interact(() -> vm.viewer().applyPreset(WindowPreset.LUNG));
        WaitForAsyncUtils.checkException();
    }

    @Test
    void gaugeShowsTheSameProbabilityAsPredict(FxRobot robot) throws Exception {
        openAndSettle(robot, REAL);
        double shown = Double.parseDouble(robot.lookup("#gauge-value").queryAs(Label.class).getText()) / 100;

        StringWriter out = new StringWriter();
        CommandLine predict = new CommandLine(new PredictCommand());
        predict.setOut(new PrintWriter(out, true));
        assertThat(predict.execute("--model", store.requireActive().directory().toString(), REAL.toString()))
                .isZero();
        Matcher m = Pattern.compile("covid\\s+([0-9.]+)").matcher(out.toString());
        assertThat(m.find()).as(out.toString()).isTrue();
        assertThat(shown).isCloseTo(Double.parseDouble(m.group(1)), org.assertj.core.data.Offset.offset(0.001));
        assertThat(robot.lookup("#verdict").queryAs(Label.class).getText()).startsWith("COVID-19 ")
                .doesNotContainIgnoringCase("diagnos");
        assertThat(robot.lookup("#value-covid").queryAs(Label.class).getText())
                .isEqualTo(String.format(Locale.ROOT, "%.1f %%", 100 * vm.selectedProperty().get().covidProbabilityProperty().get()));
    }

    @Test
    void aChestFilmTurnedOnItsSideIsFlaggedByItsPixelsAndNotScored(FxRobot robot) throws Exception {
        Path upright = DATA.resolve("cxr/images/normal/nih__00001280_004.png");
        assumeTrue(Files.isRegularFile(upright), "shared data missing at " + upright.toAbsolutePath());
        assumeTrue(Files.isDirectory(store.requireActive().directory().resolve(PixelGate.FOLDER)),
                "the active model has no lung segmenter");
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(upright.toFile());
        java.awt.image.BufferedImage turned = new java.awt.image.BufferedImage(image.getHeight(), image.getWidth(),
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                turned.getRaster().setSample(image.getHeight() - 1 - y, x, 0, image.getRaster().getSample(x, y, 0));
            }
        }
        Path file = shared.resolve("turned-" + System.nanoTime() + ".png");
        javax.imageio.ImageIO.write(turned, "png", file.toFile());

        openAndSettle(robot, file);

        WorklistItem item = vm.worklist().get(0);
        assertThat(item.statusProperty().get()).isEqualTo(WorklistItem.Status.FLAGGED);
        assertThat(item.messageProperty().get()).contains("turned on its side");
        assertThat(item.result()).isEmpty();
    }

    @Test
    void analysingAgainKeepsTheHeatMapClassAndItsOverlay(FxRobot robot) throws Exception {
        openAndSettle(robot, REAL);
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> classBox = robot.lookup("#overlay-class").queryAs(
                javafx.scene.control.ComboBox.class);
        robot.interact(() -> classBox.setValue("pneumonia"));
        robot.interact(() -> vm.runAnyway()); // what Analysis → Analyse again (Ctrl+R) calls
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.settled() && vm.worklist().get(0).result()
                .isPresent());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(classBox.getValue()).isEqualTo("pneumonia");
        ImageView overlay = robot.lookup("#viewer-overlay").queryAs(ImageView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> overlay.getImage() != null);
        assertThat(overlay.isVisible()).isTrue();
    }

    @Test
    void overlayToggleAndWindowLevelDrag(FxRobot robot) throws Exception {
        openAndSettle(robot, REAL);
        ImageView overlay = robot.lookup("#viewer-overlay").queryAs(ImageView.class);
        assertThat(overlay.isVisible()).isTrue();
        assertThat(overlay.getImage()).isNotNull();

        robot.clickOn("#viewer-image").type(KeyCode.H);
        assertThat(overlay.isVisible()).isFalse();
        robot.type(KeyCode.H);
        assertThat(overlay.isVisible()).isTrue();

        Label window = robot.lookup("#window-label").queryAs(Label.class);
        String before = window.getText();
        robot.drag("#viewer-image", MouseButton.SECONDARY).moveBy(80, 40).drop();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.getText()).isNotEqualTo(before).startsWith("W ");

        Label zoom = robot.lookup("#zoom-label").queryAs(Label.class);
        assertThat(zoom.getText()).startsWith("Fit");
        robot.moveTo("#viewer-image").scroll(2, javafx.geometry.VerticalDirection.UP);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(zoom.getText()).doesNotStartWith("Fit").endsWith("%");
        robot.type(KeyCode.F);
        assertThat(zoom.getText()).startsWith("Fit");
    }

    @Test
    void corruptFileGivesANotificationAndTheAppStaysUsable(FxRobot robot) throws Exception {
        Path corrupt = shared.resolve("corrupt.dcm");
        Files.write(corrupt, new byte[] {'D', 'I', 'C', 'M', 1, 2, 3});
        openAndSettle(robot, REAL);
        robot.interact(() -> vm.open(List.of(corrupt)));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup(".notification-bar").queryAll().isEmpty());
        assertThat(vm.notices()).last().satisfies(n -> assertThat(n.text()).contains("corrupt.dcm"));
        assertThat(vm.worklist()).hasSize(1);

        robot.clickOn("#viewer-image").type(KeyCode.H);
        assertThat(vm.viewer().overlayVisibleProperty().get()).isFalse();
    }

    @Test
    void openFolderListsEveryImageMostSuspiciousFirst(FxRobot robot) throws Exception {
        Path images = DATA.resolve("cxr/images");
        assumeTrue(Files.isDirectory(images), "shared data missing at " + images.toAbsolutePath());
        Path folder = shared.resolve("folder");
        Files.createDirectories(folder.resolve("nested"));
        int n = 0;
        for (String cls : List.of("covid", "normal", "pneumonia")) {
            try (Stream<Path> files = Files.list(images.resolve(cls))) {
                for (Path f : files.sorted().limit(2).toList()) {
                    Path target = (n++ % 2 == 0 ? folder : folder.resolve("nested")).resolve(f.getFileName());
                    Files.createSymbolicLink(target, f.toAbsolutePath());
                }
            }
        }
        openAndSettle(robot, folder);

        @SuppressWarnings("unchecked")
        TableView<WorklistItem> table = robot.lookup("#worklist-table").queryAs(TableView.class);
        List<Double> shown = table.getItems().stream().map(i -> i.covidProbabilityProperty().get()).toList();
        assertThat(shown).hasSize(6).allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));
        assertThat(shown).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void radiologistLabelLandsInTheFeedbackDataset(FxRobot robot) throws Exception {
        openAndSettle(robot, REAL);
        robot.clickOn("#label-normal");
        FeedbackStore feedback = new FeedbackStore(home.feedbackDataset(), home.root().resolve("site-pseudonym.key"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !feedback.entries().isEmpty());
        assertThat(feedback.entries()).singleElement().satisfies(e -> {
            assertThat(e.label()).isEqualTo("normal");
            assertThat(home.feedbackDataset().resolve(e.file())).isRegularFile();
        });
    }

    /** Issue 19, item 3: what the first window does not show is not built at start-up, and is when first shown. */
    @Test
    void tabsTheFirstWindowDoesNotShowAreBuiltWhenFirstSelected(FxRobot robot) {
        TabPane tabs = workstation.training().node();
        List<String> lazy = List.of("training-tab", "models-tab", "pacs-tab");
        assertThat(tabs.getTabs().stream().filter(t -> lazy.contains(t.getId())).map(Tab::getContent))
                .as("not built at start-up").hasSize(3).containsOnlyNulls();

        robot.clickOn("PACS");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(robot.lookup("#pacs-studies").tryQuery()).as("built when first selected").isPresent();
    }

    @Test
    void theModelsTabShowsTheActiveModelsCardReadably(FxRobot robot) throws Exception {
        robot.clickOn("Models");
        String active = store.activeVersion().orElseThrow();
        // The card is laid out after its heading is set: wait for the section the assertion reads, too.
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup(".card-heading").tryQueryAs(Label.class)
                .map(l -> l.getText().startsWith("Model " + active + " — ")).orElse(false)
                && robot.lookup("#card-intended-use").tryQuery().isPresent());
        assertThat(robot.lookup("#card-intended-use").queryAs(Label.class).getText())
                .containsIgnoringCase("decision support").doesNotContain("{");
    }
}
