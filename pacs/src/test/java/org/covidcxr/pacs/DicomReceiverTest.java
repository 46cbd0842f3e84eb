package org.covidcxr.pacs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.covidcxr.dicom.ImageIntake;
import org.covidcxr.dicom.phantom.PhantomStudy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workstation's receiver, pushed to by a real Orthanc and by dcmtk's storescu: it keeps whole images from its
 * peers, and refuses strangers, non-image objects, unreadable images and images over its cap; an association cut
 * in the middle of a transfer leaves no file behind.
 */
class DicomReceiverTest {
    private static final String US = "COVIDCXR";
    @TempDir
    Path dir;
    private OrthancServer orthanc;
    private DicomReceiver receiver;
    private final List<ReceivedImage> received = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private IncomingFolder incoming;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = OrthancServer.freePort();
        incoming = new IncomingFolder(dir.resolve("incoming"));
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
    void aStudyPushedByThePacsLandsInTheIncomingFolderWhole() throws Exception {
        assumeTrue(OrthancServer.installed(), "Orthanc is not installed: run scripts/setup.sh (Debian's orthanc)");
        orthanc = OrthancServer.start(dir.resolve("orthanc"), new DicomNode(US, "127.0.0.1", port));
        listen(List.of(orthanc.node()), 1L << 30);
        List<Path> films = new PhantomStudy("PH-010", "PHANTOM^PUSH", LocalDate.of(2020, 3, 1), "ACC10")
                .write(dir.resolve("push"), 2, 256);
        String study = OrthancServer.field(orthanc.get("/instances/" + orthanc.upload(films).get(0) + "/study"),
                "ID");

        orthanc.post("/modalities/" + US + "/store", study);

        assertThat(received).hasSize(2).allSatisfy(r -> {
            assertThat(r.sender()).isEqualTo(OrthancServer.AE_TITLE);
            assertThat(ImageIntake.read(r.file()).image().height()).isEqualTo(256);
        });
        assertThat(refused).isEmpty();
    }

    @Test
    void aCallerThatIsNotAConfiguredPeerIsRefused() throws Exception {
        assumeStorescu();
        listen(List.of(new DicomNode("ORTHANC", "127.0.0.1", 4242)), 1L << 30);
        Path film = phantom("PH-011", 128);

        Process stranger = storescu("STRANGER", port, film);

        assertThat(stranger.exitValue()).isNotZero();
        assertThat(received).isEmpty();
        assertThat(refused).singleElement().asString().contains("STRANGER").contains("not a configured peer");
        assertThat(incoming.kept()).isEmpty();
    }

    @Test
    void anObjectThatIsNotAnImageIsRefusedAtNegotiationAndAnUnreadableImageIsNotKept() throws Exception {
        assumeStorescu();
        listen(List.of(new DicomNode("ORTHANC", "127.0.0.1", 4242)), 1L << 30);
        Path report = phantom("PH-012", 128);
        run("dcmodify", "-nb", "-m", "(0008,0016)=1.2.840.10008.5.1.4.1.1.88.11", report.toString());
        assertThat(storescu("ORTHANC", port, report).exitValue()).as("storescu of a Basic Text SR").isNotZero();

        Path broken = phantom("PH-013", 128);
        run("dcmodify", "-nb", "-m", "(0028,0010)=60000", broken.toString());
        storescu("ORTHANC", port, broken);

        assertThat(received).isEmpty();
        assertThat(refused).anySatisfy(r -> assertThat(r).contains("was not kept"));
        assertThat(incoming.kept()).isEmpty();
    }

    @Test
    void anImageOverTheIncomingFoldersCapIsNotKept() throws Exception {
        assumeStorescu();
        listen(List.of(new DicomNode("ORTHANC", "127.0.0.1", 4242)), 100_000);
        Path film = phantom("PH-014", 512);

        storescu("ORTHANC", port, film);

        assertThat(received).isEmpty();
        assertThat(refused).singleElement().asString().contains("incoming folder is full");
        assertThat(incoming.kept()).isEmpty();
    }

    @Test
    void anAssociationCutInTheMiddleOfAStoreLeavesNoFile() throws Exception {
        assumeStorescu();
        listen(List.of(new DicomNode("ORTHANC", "127.0.0.1", 4242)), 1L << 30);
        Path film = phantom("PH-015", 2048);
        try (CuttingProxy proxy = new CuttingProxy(port, Files.size(film) / 2)) {
            assertThat(storescu("ORTHANC", proxy.port(), film).exitValue()).isNotZero();
        }
        assertThat(incoming.awaitNothingStaged()).as("nothing staged").isTrue();
        assertThat(incoming.kept()).as("nothing kept").isEmpty();
        assertThat(received).isEmpty();

        storescu("ORTHANC", port, film);
        assertThat(received).as("the next association works").hasSize(1);
    }

    @Test
    void aReceiverClosedInTheMiddleOfAStoreLeavesNoFile() throws Exception {
        assumeStorescu();
        listen(List.of(new DicomNode("ORTHANC", "127.0.0.1", 4242)), 1L << 30);
        Path film = phantom("PH-016", 2048);
        try (CuttingProxy proxy = new CuttingProxy(port, Files.size(film) / 2, true)) {
            Process sender = new ProcessBuilder("storescu", "-aet", "ORTHANC", "-aec", US, "127.0.0.1",
                    Integer.toString(proxy.port()), film.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (incoming.staged().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(incoming.staged()).as("half the film is being received").isNotEmpty();

            receiver.close();

            assertThat(incoming.staged()).as("nothing staged once close returns").isEmpty();
            assertThat(incoming.kept()).isEmpty();
            sender.destroyForcibly();
        }
        receiver = null;
    }

    private void listen(List<DicomNode> peers, long cap) throws IOException {
        receiver = DicomReceiver.start(new ReceiverSettings(US, port, peers, incoming.root(), cap), received::add,
                refused::add);
    }

    private Path phantom(String id, int size) throws IOException {
        return new PhantomStudy(id, "PHANTOM^" + id, LocalDate.of(2020, 1, 1), id).write(dir.resolve(id), 1, size)
                .get(0);
    }

    private static void assumeStorescu() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/storescu")),
                "dcmtk's storescu is not installed: run scripts/setup.sh");
    }

    private static Process storescu(String callingAe, int port, Path file) throws Exception {
        return run("storescu", "-aet", callingAe, "-aec", US, "127.0.0.1", Integer.toString(port), file.toString());
    }

    private static Process run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return p;
    }
}
