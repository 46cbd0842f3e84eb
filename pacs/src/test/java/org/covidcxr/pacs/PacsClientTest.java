package org.covidcxr.pacs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.covidcxr.dicom.ImageIntake;
import org.covidcxr.dicom.phantom.PhantomStudy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workstation's client against a real Orthanc on loopback (C-ECHO, C-FIND, C-MOVE into the workstation's own
 * receiver) and what it says when the PACS is not there, refuses (scripts/orthanc-refusals.lua makes it fail a search
 * for patient ID REFUSE), or stops in the middle of a move.
 */
class PacsClientTest {
    private static final String US = "COVIDCXR";
    @TempDir
    Path dir;
    private OrthancServer orthanc;
    private DicomReceiver receiver;
    private final List<ReceivedImage> received = new CopyOnWriteArrayList<>();
    private final PacsClient client = new PacsClient(US);
    private IncomingFolder incoming;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(OrthancServer.installed(), "Orthanc is not installed: run scripts/setup.sh (Debian's orthanc)");
        int port = OrthancServer.freePort();
        orthanc = OrthancServer.start(dir.resolve("orthanc"), new DicomNode(US, "127.0.0.1", port));
        incoming = new IncomingFolder(dir.resolve("incoming"));
        receiver = DicomReceiver.start(new ReceiverSettings(US, port, List.of(orthanc.node()), incoming.root(),
                1L << 30), received::add, why -> { });
    }

    @AfterEach
    void stop() throws Exception {
        if (receiver != null) {
            receiver.close();
        }
        if (orthanc != null) {
            orthanc.close();
        }
    }

    @Test
    void echoAnswersAndAWrongPortSaysNothingAnswersThere() throws Exception {
        client.echo(orthanc.node());
        DicomNode wrong = new DicomNode(OrthancServer.AE_TITLE, "127.0.0.1", OrthancServer.freePort());
        assertThatThrownBy(() -> client.echo(wrong)).isInstanceOf(PacsException.class)
                .hasMessageContaining("C-ECHO with ORTHANC@127.0.0.1:" + wrong.port())
                .hasMessageContaining("connection refused").hasMessageContaining("Check the port");
        DicomNode wrongAe = new DicomNode("NOT-ORTHANC", "127.0.0.1", orthanc.node().port());
        assertThatThrownBy(() -> client.echo(wrongAe)).isInstanceOf(PacsException.class)
                .hasMessageContaining("refused the association").hasMessageContaining("NOT-ORTHANC");
    }

    @Test
    void findsStudiesByPatientIdAndByDateRange() throws Exception {
        orthanc.upload(new PhantomStudy("PH-001", "PHANTOM^ONE", LocalDate.of(2020, 3, 11), "ACC1")
                .write(dir.resolve("one"), 1, 128));
        orthanc.upload(new PhantomStudy("PH-002", "PHANTOM^TWO", LocalDate.of(2021, 6, 1), "ACC2")
                .write(dir.resolve("two"), 2, 128));

        List<StudyRecord> one = client.findStudies(orthanc.node(), StudyQuery.ALL.withPatientId("PH-001"));
        assertThat(one).singleElement().satisfies(s -> {
            assertThat(s.patientName()).isEqualTo("PHANTOM^ONE");
            assertThat(s.studyDate()).isEqualTo("20200311");
            assertThat(s.accessionNumber()).isEqualTo("ACC1");
            assertThat(s.instances()).isEqualTo(1);
        });
        assertThat(client.findStudies(orthanc.node(),
                StudyQuery.ALL.withDates(LocalDate.of(2021, 1, 1), LocalDate.of(2021, 12, 31))))
                .extracting(StudyRecord::patientId).containsExactly("PH-002");
        assertThat(client.findStudies(orthanc.node(), StudyQuery.ALL.withDates(LocalDate.of(2019, 1, 1), null)))
                .hasSize(2);
        assertThat(client.findStudies(orthanc.node(), new StudyQuery(Optional.empty(), Optional.of("PHANTOM^T*"),
                Optional.empty(), Optional.empty(), Optional.of("DX"), Optional.empty())))
                .extracting(StudyRecord::instances).containsExactly(2);
    }

    @Test
    void aSearchThePacsRefusesReportsItsStatus() {
        assertThatThrownBy(() -> client.findStudies(orthanc.node(), StudyQuery.ALL.withPatientId("REFUSE")))
                .isInstanceOf(PacsException.class).hasMessageContaining("C-FIND with ORTHANC")
                .hasMessageContaining("answered with a failure").hasMessageContaining("status 0x");
    }

    @Test
    void aStoreThePacsRefusesIsNamedInTheResult() throws Exception {
        List<Path> films = new PhantomStudy("PH-007", "PHANTOM^SEVEN", LocalDate.of(2020, 8, 1), "ACC7")
                .write(dir.resolve("seven"), 1, 128);
        films = List.of(films.get(0), new PhantomStudy("PH-008", "PHANTOM^EIGHT", LocalDate.of(2020, 8, 2), "ACC8")
                .write(dir.resolve("eight"), 1, 2048).get(0));
        try (OrthancServer full = OrthancServer.start(dir.resolve("full-orthanc"), 1)) {
            StoreResult result = client.store(full.node(), films, TransferProgress.NONE);

            assertThat(result.stored()).as("the small film fits in 1 MB").isEqualTo(1);
            assertThat(result.complete()).isFalse();
            assertThat(result.failures()).singleElement().asString()
                    .contains(films.get(1).getFileName().toString()).contains("refused by the node");
        }
    }

    @Test
    void movesAStudyIntoTheReceiverWholeAndReadable() throws Exception {
        orthanc.upload(new PhantomStudy("PH-003", "PHANTOM^THREE", LocalDate.of(2020, 4, 1), "ACC3")
                .write(dir.resolve("three"), 3, 256));
        StudyRecord study = client.findStudies(orthanc.node(), StudyQuery.ALL.withPatientId("PH-003")).get(0);

        client.moveStudy(orthanc.node(), study.studyInstanceUid(), US, new Cancellation());

        assertThat(received).hasSize(3).allSatisfy(r -> {
            assertThat(r.sender()).isEqualTo(OrthancServer.AE_TITLE);
            assertThat(r.file()).startsWith(incoming.root().resolve(study.studyInstanceUid()));
            assertThat(ImageIntake.read(r.file()).image().width()).isEqualTo(256);
        });
        assertThat(incoming.staged()).isEmpty();
    }

    @Test
    void aMoveToADestinationThePacsDoesNotKnowReportsItsStatus() throws Exception {
        orthanc.upload(new PhantomStudy("PH-004", "PHANTOM^FOUR", LocalDate.of(2020, 5, 1), "ACC4")
                .write(dir.resolve("four"), 1, 128));
        String uid = client.findStudies(orthanc.node(), StudyQuery.ALL.withPatientId("PH-004")).get(0)
                .studyInstanceUid();
        assertThatThrownBy(() -> client.moveStudy(orthanc.node(), uid, "STRANGER", new Cancellation()))
                .isInstanceOf(PacsException.class).hasMessageContaining("C-MOVE with ORTHANC")
                .hasMessageContaining("status 0x");
        assertThat(received).isEmpty();
    }

    @Test
    void aPacsThatStopsInTheMiddleOfAMoveGivesAClearErrorAndNoPartialFile() throws Exception {
        orthanc.upload(new PhantomStudy("PH-005", "PHANTOM^FIVE", LocalDate.of(2020, 6, 1), "ACC5")
                .write(dir.resolve("five"), 24, 1024));
        String uid = client.findStudies(orthanc.node(), StudyQuery.ALL.withPatientId("PH-005")).get(0)
                .studyInstanceUid();
        CompletableFuture<Void> move = moveUntilTheFirstImage(uid, new Cancellation());
        orthanc.kill();
        assertThatThrownBy(() -> move.get(60, TimeUnit.SECONDS)).hasMessageContaining("C-MOVE with ORTHANC")
                .hasMessageContaining("the connection was cut off").hasMessageContaining("The PACS may have stopped");
        assertThat(received.size()).as("the PACS was stopped before the end").isLessThan(24);
        assertThat(incoming.awaitNothingStaged()).as("left in staging").isTrue();
        for (Path f : incoming.kept()) {
            assertThat(ImageIntake.read(f).image().width()).as(f.toString()).isEqualTo(1024);
        }
        assertThat(incoming.kept()).hasSize(received.size());
    }

    @Test
    void cancellingAMoveStopsIt() throws Exception {
        orthanc.upload(new PhantomStudy("PH-006", "PHANTOM^SIX", LocalDate.of(2020, 7, 1), "ACC6")
                .write(dir.resolve("six"), 24, 1024));
        String uid = client.findStudies(orthanc.node(), StudyQuery.ALL.withPatientId("PH-006")).get(0)
                .studyInstanceUid();
        Cancellation cancellation = new Cancellation();
        CompletableFuture<Void> move = moveUntilTheFirstImage(uid, cancellation);
        cancellation.cancel();
        assertThatThrownBy(() -> move.get(60, TimeUnit.SECONDS)).hasMessageContaining("cancelled");
        assertThat(incoming.awaitNothingStaged()).as("left in staging").isTrue();
        for (Path f : incoming.kept()) {
            assertThat(ImageIntake.read(f).image().width()).isEqualTo(1024);
        }
    }

    /** Starts a move of the study on another thread and returns once its first image has arrived. */
    private CompletableFuture<Void> moveUntilTheFirstImage(String uid, Cancellation cancellation) throws Exception {
        CompletableFuture<Void> move = CompletableFuture.runAsync(() -> {
            try {
                client.moveStudy(orthanc.node(), uid, US, cancellation);
            } catch (PacsException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return move;
    }
}
