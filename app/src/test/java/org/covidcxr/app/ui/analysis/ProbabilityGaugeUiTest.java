package org.covidcxr.app.ui.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javafx.application.Application;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Arc;
import javafx.stage.Stage;
import atlantafx.base.theme.PrimerDark;
import org.covidcxr.app.feedback.RadiologistLabel;
import org.covidcxr.app.ui.models.ModelCardContent;
import org.covidcxr.app.ui.viewer.ViewerViewModel;
import org.covidcxr.app.ui.worklist.WorklistItem;
import org.covidcxr.inference.ModelSignature;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.inference.serving.HeatMap;
import org.covidcxr.inference.serving.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The analysis panel's gauge for probabilities below, at and above the operating threshold, in the indeterminate band
 * and above the confident threshold: its fill takes the verdict line's colour, the threshold sits at the top of the
 * ring, the labels state real probabilities and the number outweighs the verdict. Each panel is also written to
 * {@code target/gauge-snapshots/} to be looked at.
 */
@ExtendWith(ApplicationExtension.class)
class ProbabilityGaugeUiTest {
    /** The thresholds of the shipped default model 1.1.1, as floats like a diagnosis carries them. */
    private static final float OPERATING = 0.06192425265908241f;
    private static final float CONFIDENT = 0.8162583112716675f;
    private static final Color GREEN = Color.web("#3fb950");
    private static final Color AMBER = Color.web("#d29922");
    private static final Color RED = Color.web("#e5534b");
    /** The ring's sweep in degrees: the fill's length is this share of its position on the scale. */
    private static final double SWEEP = 240;

    AnalysisViewModel vm;
    AnalysisView view;

    @Start
    void start(Stage stage) {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        vm = new AnalysisViewModel();
        view = new AnalysisView(vm, new ViewerViewModel(Runnable::run, Runnable::run), new AnalysisActions() {
            @Override
            public void runAnyway() {
            }

            @Override
            public void recordFeedback(RadiologistLabel label) {
            }

            @Override
            public void readModelCard(Consumer<ModelCardContent> show) {
            }

            @Override
            public ObservableBooleanValue hasSelection() {
                return new SimpleBooleanProperty(true);
            }
        });
        // As the main window holds it, at about the width the panel gets in a 1366 x 768 window.
        ScrollPane scroll = new ScrollPane(view);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        stage.setScene(new Scene(new StackPane(scroll), 340, 768));
        stage.show();
    }

    static Stream<Arguments> probabilities() {
        return Stream.of(
                Arguments.of("below", 0.044f, OPERATING, CONFIDENT, Verdict.NOT_SUSPECTED, GREEN, "4.4"),
                // Shows the threshold's own rounded "6.2" yet lies below it: the colour follows the verdict.
                Arguments.of("just-below", 0.0618f, OPERATING, CONFIDENT, Verdict.NOT_SUSPECTED, GREEN, "6.2"),
                Arguments.of("at", OPERATING, OPERATING, CONFIDENT, Verdict.INDETERMINATE, AMBER, "6.2"),
                Arguments.of("band", 0.167f, OPERATING, CONFIDENT, Verdict.INDETERMINATE, AMBER, "16.7"),
                Arguments.of("above", 0.9f, OPERATING, CONFIDENT, Verdict.SUSPECTED, RED, "90.0"),
                Arguments.of("at-no-band", 0.3f, 0.3f, 0.3f, Verdict.SUSPECTED, RED, "30.0"),
                Arguments.of("below-no-band", 0.25f, 0.3f, 0.3f, Verdict.NOT_SUSPECTED, GREEN, "25.0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probabilities")
    void theGaugeTakesTheVerdictsColourAndShowsTheRoundedProbability(String name, float p, float operating,
            float confident, Verdict verdict, Color colour, String number, FxRobot robot) throws IOException {
        show(robot, diagnosis(p, operating, confident));

        Label verdictLine = robot.lookup("#verdict").queryAs(Label.class);
        Arc fill = robot.lookup("#gauge-fill").queryAs(Arc.class);
        Label value = robot.lookup("#gauge-value").queryAs(Label.class);
        assertThat(verdictLine.getText()).isEqualTo(verdict.text());
        assertThat(fill.isVisible()).isTrue();
        assertThat(fill.getStroke()).isEqualTo(colour).isEqualTo(verdictLine.getTextFill());
        assertThat(value.getText()).isEqualTo(number);
        assertThat(value.getText() + " %").isEqualTo(robot.lookup("#value-covid").queryAs(Label.class).getText());

        // The operating threshold is at the top of the ring whatever its value: the fill stops short of it below,
        // reaches it at, and passes it above; the confident threshold is three quarters round.
        double reached = -fill.getLength() / SWEEP;
        switch (verdict) {
            case NOT_SUSPECTED -> assertThat(reached).isLessThan(0.5);
            case INDETERMINATE -> assertThat(reached).isBetween(0.5, 0.75);
            case SUSPECTED -> assertThat(reached).isGreaterThanOrEqualTo(operating == confident ? 0.5 : 0.75);
        }
        List<String> ticks = robot.lookup(".gauge-tick").queryAllAs(Label.class).stream().map(Label::getText).toList();
        assertThat(ticks).containsExactlyElementsOf(operating == confident
                ? List.of("0 %", ProbabilityScale.percent(operating), "100 %")
                : List.of("0 %", "6.2 %", "81.6 %", "100 %"));
        assertThat(robot.lookup("#threshold").queryAs(Label.class).getText())
                .contains(ProbabilityScale.percent(operating) + " (operating threshold)");

        // The number is the most legible thing on the panel: larger than the verdict, bold, in the theme's white.
        assertThat(value.getFont().getSize()).isGreaterThan(1.8 * verdictLine.getFont().getSize());
        assertThat(value.getFont().getStyle()).containsIgnoringCase("bold");
        assertThat(value.getTextFill()).isEqualTo(Color.WHITE);

        snapshot(robot, name);
    }

    @Test
    void aModelThatNeverCallsCovidShowsAnAmberRing(FxRobot robot) throws IOException {
        show(robot, diagnosis(0.4f, 0, 2));

        Arc fill = robot.lookup("#gauge-fill").queryAs(Arc.class);
        assertThat(fill.getStroke()).isEqualTo(AMBER);
        assertThat(robot.lookup(".gauge-zone").queryAllAs(Arc.class)).extracting(Arc::getStroke)
                .containsExactly(AMBER);
        assertThat(robot.lookup(".gauge-tick").queryAllAs(Label.class)).extracting(Label::getText)
                .containsExactly("0 %", "100 %");
        snapshot(robot, "never-calls");
    }

    @Test
    void withoutAResultTheGaugeShowsNoNumberNorFill(FxRobot robot) throws IOException {
        assertThat(robot.lookup("#gauge-value").queryAs(Label.class).getText()).isEqualTo("—");
        assertThat(robot.lookup("#gauge-fill").queryAs(Arc.class).isVisible()).isFalse();
        assertThat(robot.lookup(".gauge-tick").queryAllAs(Node.class)).noneMatch(Node::isVisible);
        assertThat(robot.lookup(".gauge-notch").queryAllAs(Node.class)).noneMatch(Node::isVisible);
        snapshot(robot, "no-result");
    }

    private void show(FxRobot robot, Diagnosis diagnosis) {
        WorklistItem item = new WorklistItem(Path.of("chest.png"));
        robot.interact(() -> {
            item.diagnosisProperty().set(diagnosis);
            item.statusProperty().set(WorklistItem.Status.ANALYSED);
            vm.show(item);
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Diagnosis diagnosis(float covid, float operating, float confident) {
        HeatMap none = new HeatMap(1, 1, new float[1]);
        return new Diagnosis("1.1.1", ModelSignature.CLASSES, new float[] {covid, 1 - covid, 0}, new float[3],
                operating, confident, List.of(none, none, none), OptionalDouble.empty());
    }

    private void snapshot(FxRobot robot, String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "gauge-snapshots"));
        robot.interact(() -> {
            try {
                ImageIO.write(SwingFXUtils.fromFXImage(view.getScene().getRoot().snapshot(null, null), null), "png",
                        dir.resolve(name + ".png").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
