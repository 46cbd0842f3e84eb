package org.covidcxr.app.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import org.covidcxr.app.TestModels;
import org.covidcxr.app.analysis.AnalysisService;
import org.covidcxr.app.audit.AuditLog;
import org.covidcxr.app.feedback.FeedbackStore;
import org.covidcxr.app.home.LogFile;
import org.covidcxr.app.session.RecentFiles;
import org.covidcxr.app.training.TrainingServices;
import org.covidcxr.app.ui.main.MainViewModel;
import org.covidcxr.app.ui.training.TrainingWizardViewModel;
import org.covidcxr.app.ui.worklist.WorklistItem;
import org.covidcxr.inference.sitetraining.AcceptanceCriteria;
import org.covidcxr.inference.sitetraining.RunFolder;
import org.covidcxr.inference.sitetraining.RunState;
import org.covidcxr.inference.sitetraining.RunStatus;
import org.covidcxr.inference.sitetraining.SiteTrainingSettings;
import org.covidcxr.inference.sitetraining.SplitSettings;
import org.covidcxr.modelstore.BundledModels;
import org.covidcxr.modelstore.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log a user sends: failures of analysis, export and training each reach the log file with their stack trace,
 * and the patient's name and ID never do. Real services, on a store without a model; executors run at once.
 */
class WorkstationLogTest {
    private static final Path REAL = TestModels.sharedData().resolve("dicom/real/CR-MONO1-10-chest.dcm");
    private static final String PATIENT_NAME = "Zebedee^Quixote";
    private static final String PATIENT_ID = "PID-LOG-4711";

    @TempDir
    Path temp;

    @Test
    void failuresOfAnalysisExportAndTrainingAreLoggedWithTheirCauseAndWithoutThePatient() throws Exception {
        assumeTrue(Files.isRegularFile(REAL), "shared data missing at " + REAL.toAbsolutePath());
        Path log = LogFile.start(temp.resolve("logs"));
        Path study = withPatient(REAL, temp.resolve("study.dcm"));
        ModelStore store = ModelStore.open(temp.resolve("store"),
                ModelStore.Settings.defaults().withBundledModels(BundledModels.none()));

        try (AnalysisService analysis = new AnalysisService(store, AuditLog.open(temp.resolve("audit.jsonl")),
                "tester", Clock.systemUTC())) {
            MainViewModel vm = new MainViewModel(new MainViewModel.Services(analysis,
                    new FeedbackStore(temp.resolve("feedback"), temp.resolve("key")),
                    new RecentFiles(temp.resolve("recent.txt")), "tester", Clock.systemUTC(), temp.resolve("logs")),
                    new MainViewModel.Threads(Runnable::run, Runnable::run, Runnable::run, Runnable::run));
            vm.open(List.of(study)); // analysis fails: the store has no model
            assertThat(vm.selectedProperty().get().statusProperty().get()).isEqualTo(WorklistItem.Status.NO_MODEL);
            Path notAFolder = Files.writeString(temp.resolve("not-a-folder"), "x");
            vm.exports().exportDeidentified(notAFolder.resolve("copy.dcm"));
        }

        TrainingServices services = new TrainingServices(store, temp.resolve("runs"), temp.resolve("site.key"),
                temp.resolve("feedback"), "tester", Clock.systemUTC());
        // A run left behind that fine-tunes a model this store no longer has: it cannot start.
        RunFolder.create(services.runsRoot(), new RunState("run-1", Instant.now(), "tester", RunStatus.PAUSED, "",
                List.of("x"), SplitSettings.defaults(1), Map.of(), 0, SiteTrainingSettings.defaults(),
                AcceptanceCriteria.DEFAULT, "1.0.0", null, null));
        TrainingWizardViewModel wizard = new TrainingWizardViewModel(services, Runnable::run, Runnable::run,
                Runnable::run);
        wizard.refresh();
        wizard.continueUnfinished();
        wizard.train().start();
        assertThat(wizard.train().messageProperty().get()).startsWith("Training could not start");

        String text = Files.readString(log);
        assertThat(text).contains("Analysing study.dcm failed")
                .contains("Exporting de-identified copy failed")
                .contains("Training run run-1 could not start");
        for (String failure : List.of("Analysing study.dcm failed", "Exporting de-identified copy failed",
                "Training run run-1 could not start")) {
            String after = text.substring(text.indexOf(failure));
            assertThat(after.lines().skip(1).limit(8)).as("stack trace after " + failure)
                    .anyMatch(l -> l.startsWith("\tat "));
        }
        assertThat(text).doesNotContain(PATIENT_ID).doesNotContain("Zebedee").doesNotContain("Quixote");
    }

    private static Path withPatient(Path source, Path out) throws Exception {
        AttributeList list = new AttributeList();
        list.read(source.toString());
        PersonNameAttribute name = new PersonNameAttribute(TagFromName.PatientName);
        name.addValue(PATIENT_NAME);
        list.put(name);
        LongStringAttribute id = new LongStringAttribute(TagFromName.PatientID);
        id.addValue(PATIENT_ID);
        list.put(id);
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "COVIDCXR");
        list.write(out.toString(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        return out;
    }
}
