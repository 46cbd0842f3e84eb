package org.covidcxr.app.ui.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.covidcxr.app.TestModels;
import org.covidcxr.app.cli.PredictCommand;
import org.covidcxr.app.ui.worklist.WorklistItem;
import org.covidcxr.inference.serving.Verdict;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;
import picocli.CommandLine;

/**
 * A model whose card says it cannot call COVID-19 reliably gives "indeterminate", never a COVID-19 call, in every
 * place a verdict reaches: the workstation's panel, {@code predict}, the report and the audit log.
 */
class IndeterminateVerdictUiTest extends WorkstationUiTestBase {
    private static final Path REAL = TestModels.sharedData().resolve("dicom/real/CR-MONO1-10-chest.dcm");

    @BeforeAll
    static void model() throws IOException {
        store = ModelStore.open(shared.resolve("models"));
        ModelBundle bundle = store.publish(TestModels.indeterminateBundle(shared.resolve("indeterminate")));
        store.activate(bundle.version());
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
    void theWorkstationThePredictCommandTheReportAndTheAuditLogAllSayIndeterminate(FxRobot robot) throws Exception {
        assumeTrue(Files.isRegularFile(REAL), "shared data missing at " + REAL.toAbsolutePath());
        openAndSettle(robot, List.of(REAL), 120);
        assertThat(vm.worklist()).allMatch(i -> i.statusProperty().get() == WorklistItem.Status.ANALYSED);

        Label verdict = robot.lookup("#verdict").queryAs(Label.class);
        assertThat(verdict.getText()).isEqualTo(Verdict.INDETERMINATE.text());
        assertThat(verdict.getStyleClass()).contains("verdict-indeterminate").doesNotContain("verdict-suspected");

        StringWriter out = new StringWriter();
        CommandLine predict = new CommandLine(new PredictCommand());
        predict.setOut(new PrintWriter(out, true));
        assertThat(predict.execute("--model", store.requireActive().directory().toString(), REAL.toString()))
                .isZero();
        assertThat(out.toString()).contains("decision:  " + Verdict.INDETERMINATE.text())
                .doesNotContain(Verdict.SUSPECTED.text());

        Path report = shared.resolve("report.png");
        robot.interact(() -> vm.exports().exportReport(report));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> Files.isRegularFile(report) && vm.settled());
        BufferedImage page = ImageIO.read(report.toFile());
        int amber = 0;
        for (int y = 0; y < page.getHeight(); y++) {
            for (int x = 0; x < page.getWidth(); x++) {
                amber += (page.getRGB(x, y) & 0xffffff) == 0xB9770E ? 1 : 0;
            }
        }
        assertThat(amber).as("the report writes the indeterminate verdict in amber").isGreaterThan(100);

        assertThat(Files.readString(home.auditLog())).contains("\"decision\":\"" + Verdict.INDETERMINATE.text() + "\"")
                .doesNotContain("\"decision\":\"" + Verdict.SUSPECTED.text() + "\"");
    }
}
