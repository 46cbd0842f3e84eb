package org.covidcxr.app.ui.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.covidcxr.app.TestModels;
import org.covidcxr.app.home.WindowBounds;
import org.covidcxr.app.home.WindowSettings;
import org.covidcxr.app.ui.LayoutChecks;
import org.covidcxr.app.ui.tools.PhantomImages;
import org.covidcxr.app.ui.training.ClassCount;
import org.covidcxr.app.ui.training.TrainingWizardViewModel;
import org.covidcxr.app.ui.worklist.WorklistItem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The workstation on a 1366 × 768 laptop screen (Monocle's screen, set in app/pom.xml) and at 1280 × 720: the first
 * window fits the screen and is remembered; in the default layout no header or cell is cut short, no table scrolls
 * sideways, the class percentages, the radiologist's label buttons and the model line are in sight without scrolling,
 * the heat map's legend stays off the image, the shortcuts need no scrolling and the wizard's first two steps keep
 * every class in sight.
 */
class SmallScreenUiTest extends WorkstationUiTestBase {
    private static final Path DATA = TestModels.sharedData();
    /** Patient "Anonymized"; "CompressedSamples^RG1" of 2004-08-26 (the "Compres…", "2004-…"); a UUID. */
    private static final List<Path> STUDIES = List.of(DATA.resolve("dicom/real/CR-MONO1-10-chest.dcm"),
            DATA.resolve("dicom/real/RG1_J2KI.dcm"),
            DATA.resolve("dicom/real/siim_1.2.276.0.7230010.3.1.4.8323329.6904.1517875201.850819.dcm"));

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

    @Test
    void theFirstWindowFitsTheScreenAndIsRememberedWhenItCloses(FxRobot robot) {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        assertThat(screen.getWidth()).as("Monocle's screen, set in app/pom.xml").isEqualTo(1366);
        Stage stage = workstation.stage();
        assertThat(new Rectangle2D(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()))
                .satisfies(window -> assertThat(screen.contains(window)).as(window + " on " + screen).isTrue());
        Parent root = stage.getScene().getRoot();
        assertThat(root.getLayoutBounds().getWidth()).isLessThanOrEqualTo(stage.getScene().getWidth());
        assertThat(LayoutChecks.outsideTheWindow(root, false)).isEmpty();
        for (String edge : List.of(".menu-bar", ".status-bar")) {
            assertThat(insideTheWindow(robot.lookup(edge).query())).as(edge).isTrue();
        }

        robot.interact(() -> {
            stage.setX(20);
            stage.setY(10);
            stage.setWidth(1280);
            stage.setHeight(720);
        });
        robot.interact(stage::hide);
        assertThat(new WindowSettings(home.windowSettings()).load()).contains(
                new WindowSettings.Placement(new WindowBounds(20, 10, 1280, 720), false));
    }

    @Test
    void theViewerAndMetadataShowEveryTextWholeOnALaptopAndAt1280x720(FxRobot robot) throws Exception {
        STUDIES.forEach(f -> assumeTrue(Files.isRegularFile(f), "shared data missing at " + f.toAbsolutePath()));
        openAndSettle(robot, STUDIES, 180);
        assertThat(vm.worklist()).hasSize(STUDIES.size());
        layOut(robot);
        TabPane panels = robot.lookup("#panel-tabs").queryAs(TabPane.class);
        for (double[] size : List.of(new double[0], new double[] {1280, 720})) {
            resize(robot, size);
            String at = "at " + workstation.stage().getWidth() + " x " + workstation.stage().getHeight();
            Parent viewer = (Parent) workstation.training().node().getTabs().get(0).getContent();
            assertReadable(viewer, at);
            assertThat(LayoutChecks.truncated(robot.lookup("#worklist-table").queryAs(Parent.class))).as(at)
                    .isEmpty();
            for (String shown : List.of("#value-covid", "#value-normal", "#value-pneumonia", "#label-covid",
                    "#label-unsure", "#model-version", "#model-card-link", "#intended-use")) {
                assertThat(inSight(robot.lookup(shown).query())).as(shown + " without scrolling " + at).isTrue();
            }
            Bounds image = bounds(robot.lookup("#viewer-canvas").query());
            Bounds legend = bounds(robot.lookup("#overlay-legend").query());
            assertThat(robot.lookup("#overlay-legend").query().isVisible()).isTrue();
            assertThat(legend.getMinY()).as("the legend is below the image " + at).isGreaterThanOrEqualTo(
                    image.getMaxY());

            robot.interact(() -> panels.getSelectionModel().select(1));
            for (WorklistItem item : List.copyOf(vm.worklist())) {
                robot.interact(() -> vm.selectedProperty().set(item));
                WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, vm::settled);
                layOut(robot);
                assertThat(robot.lookup("#study").queryAs(Parent.class).getChildrenUnmodifiable()).isNotEmpty();
                assertReadable(panels, "metadata of " + item.file().getFileName() + " " + at);
            }
            robot.interact(() -> panels.getSelectionModel().select(0));
        }
    }

    @Test
    void theShortcutsDialogShowsEveryShortcutWholeWithoutScrolling(FxRobot robot) {
        robot.clickOn("#viewer-canvas").type(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents();
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        layOut(robot);
        assertThat(LayoutChecks.shown(dialog).filter(n -> n instanceof Labeled).map(n -> ((Labeled) n).getText()))
                .contains("Show / hide heat map", "Invert", "Lung", "Open…", "Ctrl+Shift+E",
                        "Window (left/right) and level (up/down)");
        assertThat(LayoutChecks.truncated(dialog)).isEmpty();
        assertThat(LayoutChecks.shown(dialog).filter(n -> n instanceof ScrollBar)).isEmpty();
        Window window = dialog.getScene().getWindow();
        assertThat(Screen.getPrimary().getVisualBounds().contains(window.getX(), window.getY(), window.getWidth(),
                window.getHeight())).as("the dialog fits the screen").isTrue();
    }

    @Test
    void theWizardSaysWhatComesNextAndItsSplitShowsEveryClass(FxRobot robot) throws Exception {
        Path site = PhantomImages.labelledFolder(shared.resolve("site-" + System.nanoTime()), 4);
        Path manifest = Files.writeString(shared.resolve("manifest-" + System.nanoTime() + ".csv"),
                "file,label\n" + site.resolve("covid").toAbsolutePath() + ",covid\n");
        TrainingWizardViewModel wizard = workstation.training().wizard();
        robot.interact(() -> workstation.training().node().getSelectionModel().select(1));
        Label status = robot.lookup("#scan-status").queryAs(Label.class);
        Button scan = robot.lookup("#scan").queryButton();
        assertThat(status.getText()).isEqualTo("Add folders or a manifest, then scan.");
        assertThat(scan.isDisabled() || !scan.isDefaultButton()).as("Scan is not offered with nothing to scan")
                .isTrue();

        robot.interact(() -> wizard.data().addManifest(manifest));
        assertThat(status.getText()).doesNotContain("Add folders").contains("1 source");
        assertThat(scan.isDisabled()).isFalse();
        assertThat(scan.isDefaultButton()).isTrue();
        robot.interact(() -> {
            wizard.data().sources().clear();
            wizard.data().addFolder(site);
        });
        robot.clickOn("#scan");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> wizard.data().resultProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(scan.isDefaultButton()).as("after the scan, Next is what comes next").isFalse();
        Parent data = robot.lookup("#dataPane").queryAs(Parent.class);
        for (double[] size : List.of(new double[0], new double[] {1280, 720})) {
            resize(robot, size);
            assertReadable(data, "step 1");
            assertEveryClassInSight(robot.lookup("#class-counts").queryTableView(), "step 1");
        }

        robot.clickOn("#next");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> wizard.stepProperty().get() == TrainingWizardViewModel.Step.SPLIT);
        Parent split = robot.lookup("#splitPane").queryAs(Parent.class);
        Node warnings = robot.lookup("#split-warnings").query().getParent();
        for (double[] size : List.of(new double[] {1366, 768}, new double[] {1280, 720})) {
            resize(robot, size);
            assertThat(wizard.split().warnings()).as("a small site gets warnings").isNotEmpty();
            assertThat(warnings.isVisible()).isTrue();
            assertReadable(split, "step 2");
            assertEveryClassInSight(robot.lookup("#split-counts").queryTableView(), "step 2");
        }
        robot.interact(() -> wizard.split().warnings().clear());
        layOut(robot);
        assertThat(warnings.isManaged()).as("no room is kept for warnings there are none of").isFalse();
    }

    private void resize(FxRobot robot, double[] size) {
        if (size.length == 2) {
            robot.interact(() -> {
                workstation.stage().setWidth(size[0]);
                workstation.stage().setHeight(size[1]);
            });
        }
        layOut(robot);
    }

    /** Lets a few pulses pass, so that CSS and layout (lists lay out their cells over two) are what a user sees. */
    private static void layOut(FxRobot robot) {
        for (int pulse = 0; pulse < 3; pulse++) {
            WaitForAsyncUtils.sleep(100, TimeUnit.MILLISECONDS);
            WaitForAsyncUtils.waitForFxEvents();
        }
    }

    private static void assertReadable(Parent root, String where) {
        assertThat(LayoutChecks.truncated(root)).as("text cut short, " + where).isEmpty();
        assertThat(LayoutChecks.scrollingSideways(root)).as("scrolling sideways, " + where).isEmpty();
        assertThat(LayoutChecks.outsideTheWindow(root, false)).as("outside the window, " + where).isEmpty();
    }

    /** Every class has a row inside the table's visible area, and the table does not scroll. */
    private static void assertEveryClassInSight(TableView<ClassCount> table, String where) {
        assertThat(table.getItems()).extracting(ClassCount::label).containsExactly("covid", "normal", "pneumonia");
        assertThat(LayoutChecks.scrollsVertically(table)).as("the class table scrolls, " + where).isFalse();
        Bounds visible = bounds(table);
        List<String> inSight = LayoutChecks.shown(table)
                .filter(n -> n instanceof TableRow<?> row && row.getItem() instanceof ClassCount
                        && visible.contains(bounds(row)))
                .map(n -> ((ClassCount) ((TableRow<?>) n).getItem()).label()).toList();
        assertThat(inSight).as(where).containsExactlyInAnyOrder("covid", "normal", "pneumonia");
    }

    private boolean insideTheWindow(Node node) {
        Bounds b = bounds(node);
        return b.getMinX() >= 0 && b.getMinY() >= 0 && b.getMaxX() <= node.getScene().getWidth() + 0.5
                && b.getMaxY() <= node.getScene().getHeight() + 0.5;
    }

    /** Inside the window and inside the visible part of every scroll pane it lies in. */
    private boolean inSight(Node node) {
        Bounds b = bounds(node);
        for (Node up = node.getParent(); up != null; up = up.getParent()) {
            if (up instanceof ScrollPane scroll) {
                Bounds viewport = scroll.localToScene(scroll.getLayoutBounds());
                if (!viewport.contains(b)) {
                    return false;
                }
            }
        }
        return insideTheWindow(node);
    }

    private static Bounds bounds(Node node) {
        return node.localToScene(node.getLayoutBounds());
    }
}
