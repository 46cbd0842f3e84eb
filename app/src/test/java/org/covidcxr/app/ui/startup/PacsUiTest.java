package org.covidcxr.app.ui.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.covidcxr.app.TestModels;
import org.covidcxr.app.home.AppHome;
import org.covidcxr.app.ui.pacs.StudyRow;
import org.covidcxr.app.ui.worklist.WorklistItem;
import org.covidcxr.dicom.phantom.PhantomStudy;
import org.covidcxr.pacs.DicomNode;
import org.covidcxr.pacs.OrthancServer;
import org.covidcxr.pacs.PacsSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The PACS tab against a real Orthanc: search by patient ID, retrieve the study into the worklist (where it is
 * analysed), send the result back (Orthanc then holds a Secondary Capture and an SR in the study); a study pushed by
 * Orthanc to the listening workstation appears in the worklist on its own, and its results go back only once auto-send
 * is switched on in the settings dialog.
 */
class PacsUiTest extends WorkstationUiTestBase {
    private static OrthancServer orthanc;
    private static int receiverPort;
    private static String pushed;
    private static String pushedLater;

    @BeforeAll
    static void pacs() throws Exception {
        assumeTrue(OrthancServer.installed(), "Orthanc is not installed: run scripts/setup.sh (Debian's orthanc)");
        store = TestModels.storeWithActiveModel(shared.resolve("models"));
        receiverPort = OrthancServer.freePort();
        orthanc = OrthancServer.start(shared.resolve("orthanc"), new DicomNode("COVIDCXR", "127.0.0.1", receiverPort));
        orthanc.upload(new PhantomStudy("PH-200", "PHANTOM^RETRIEVE", LocalDate.of(2020, 3, 11), "ACC200")
                .write(shared.resolve("retrieve"), 1, 512));
        pushed = orthanc.upload(new PhantomStudy("PH-201", "PHANTOM^PUSH", LocalDate.of(2020, 3, 12), "ACC201")
                .write(shared.resolve("push"), 1, 512)).get(0);
        pushedLater = orthanc.upload(new PhantomStudy("PH-202", "PHANTOM^AUTO", LocalDate.of(2020, 3, 13), "ACC202")
                .write(shared.resolve("push-later"), 1, 512)).get(0);
    }

    @AfterAll
    static void stopOrthanc() throws Exception {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    @Start
    @Override
    void start(Stage stage) throws IOException {
        Path configured = Files.createTempDirectory(shared, "pacs-home");
        new PacsSettings("COVIDCXR", receiverPort, true, 512, false, "", List.of(orthanc.node()))
                .save(new AppHome(configured).pacsSettings());
        super.start(stage, configured);
    }

    @Stop
    @Override
    void stop() {
        super.stop();
    }

    @Test
    void searchRetrieveIntoTheWorklistAndSendTheResultBack(FxRobot robot) throws Exception {
        robot.interact(() -> workstation.training().node().getSelectionModel().select(3));
        assertThat(robot.lookup("#pacs-receiver").queryLabeled().getText()).startsWith("Receiving as COVIDCXR on port "
                + receiverPort);
        robot.clickOn("#pacs-patient-id").write("PH-200");
        robot.clickOn("#pacs-search");
        @SuppressWarnings("unchecked")
        TableView<StudyRow> studies = robot.lookup("#pacs-studies").queryAs(TableView.class);
        Labeled status = robot.lookup("#pacs-status").queryLabeled();
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> studies.getItems().size() == 1);
        } catch (TimeoutException e) {
            throw new AssertionError("no study listed; the tab says: " + status.getText(), e);
        }
        assertThat(studies.getItems().get(0).patientName()).isEqualTo("PHANTOM RETRIEVE");

        robot.interact(() -> studies.getSelectionModel().select(0));
        robot.clickOn("#pacs-retrieve");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.worklist().size() == 1
                && vm.worklist().get(0).statusProperty().get() == WorklistItem.Status.ANALYSED);
        assertThat(vm.worklist().get(0).file()).startsWith(home.incoming());

        robot.interact(() -> vm.selectedProperty().set(vm.worklist().get(0)));
        robot.clickOn("#pacs-send");
        String study = orthanc.studyOf("PH-200");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            String series = orthanc.get("/studies/" + study + "/series");
            return series.contains("\"Modality\" : \"OT\"") && series.contains("\"Modality\" : \"SR\"");
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> status.getText().contains("sent to ORTHANC"));

        orthanc.post("/modalities/COVIDCXR/store", pushed);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.worklist().size() == 2 && vm.settled()
                && vm.worklist().get(1).statusProperty().get() == WorklistItem.Status.ANALYSED);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.selectedProperty().get()).as("an image arriving does not take the view")
                .isSameAs(vm.worklist().get(0));
        assertThat(vm.recentFiles()).as("nor does it become a recent file").isEmpty();
        assertThat(seriesOf("PH-201")).as("auto-send is off: nothing sent back").doesNotContain("\"SR\"");

        robot.clickOn("#pacs-settings");
        robot.clickOn("#pacs-auto-send");
        robot.clickOn("OK");
        assertThat(PacsSettings.load(home.pacsSettings()).autoSend()).isTrue();
        orthanc.post("/modalities/COVIDCXR/store", pushedLater);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> seriesOf("PH-202").contains("\"Modality\" : \"SR\"")
                && seriesOf("PH-202").contains("\"Modality\" : \"OT\""));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !status.getText().startsWith("Sending"));
    }

    private static String seriesOf(String patientId) throws Exception {
        return orthanc.get("/studies/" + orthanc.studyOf(patientId) + "/series");
    }
}
