package org.covidcxr.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.covidcxr.app.TestModels;
import org.covidcxr.app.home.AppHome;
import org.covidcxr.dicom.phantom.PhantomStudy;
import org.covidcxr.modelstore.ModelStore;
import org.covidcxr.pacs.DicomNode;
import org.covidcxr.pacs.OrthancServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code covidcxr pacs …} against a real Orthanc: configure, echo, find, move a study into the workstation, and send
 * an analysis back as a Secondary Capture and a Comprehensive SR that Orthanc stores in the source's study, that
 * dciodvfy finds valid and that reference the source image; the send is in the audit log.
 */
class PacsCommandTest {
    @TempDir
    Path temp;
    private OrthancServer orthanc;
    private String previousHome;
    private int receiverPort;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(OrthancServer.installed(), "Orthanc is not installed: run scripts/setup.sh (Debian's orthanc)");
        previousHome = System.getProperty("covidcxr.home");
        System.setProperty("covidcxr.home", temp.resolve("home").toString());
        receiverPort = OrthancServer.freePort();
        orthanc = OrthancServer.start(temp.resolve("orthanc"), new DicomNode("COVIDCXR", "127.0.0.1", receiverPort));
    }

    @AfterEach
    void stop() throws Exception {
        if (orthanc != null) {
            orthanc.close();
        }
        if (previousHome == null) {
            System.clearProperty("covidcxr.home");
        } else {
            System.setProperty("covidcxr.home", previousHome);
        }
    }

    @Test
    void echoFindMoveAndSendResultsBack() throws Exception {
        assertThat(pacs("configure", "--add-node", "ORTHANC@127.0.0.1:" + orthanc.node().port(), "--port",
                Integer.toString(receiverPort)).exit).isZero();
        assertThat(pacs("echo")).satisfies(r -> assertThat(r.out).contains("answered"));
        assertThat(pacs("echo", "--node", "ORTHANC@127.0.0.1:" + OrthancServer.freePort()))
                .satisfies(r -> {
                    assertThat(r.exit).isEqualTo(1);
                    assertThat(r.err).contains("connection refused");
                });

        List<Path> films = new PhantomStudy("PH-100", "PHANTOM^CLI", LocalDate.of(2020, 3, 20), "ACC100")
                .write(temp.resolve("study"), 1, 512);
        orthanc.upload(films);
        Run found = pacs("find", "--patient-id", "PH-100", "--from", "2020-01-01", "--until", "2020-12-31");
        assertThat(found.exit).isZero();
        String studyUid = found.out.strip().split("\t")[0];
        assertThat(found.out).contains("20200320", "PH-100");

        Run moved = pacs("move", "--study", studyUid);
        assertThat(moved.exit).as(moved.err).isZero();
        Path incoming = AppHome.fromEnvironment().incoming();
        assertThat(files(incoming)).hasSize(1);
        Path received = files(incoming).get(0);

        ModelStore store = TestModels.storeWithActiveModel(temp.resolve("models"));
        Run sent = pacs("send", "--model", store.requireActive().directory().toString(), received.toString());
        assertThat(sent.exit).as(sent.err).isZero();
        assertThat(sent.out).contains("sent to ORTHANC");

        String series = orthanc.get("/studies/" + orthancStudy() + "/series");
        assertThat(count(series, "\"Modality\" : \"OT\"")).isEqualTo(1);
        assertThat(count(series, "\"Modality\" : \"SR\"")).isEqualTo(1);
        String sourceSop = films.get(0).getFileName().toString().replace(".dcm", "");
        for (String modality : List.of("OT", "SR")) {
            Path object = temp.resolve(modality + ".dcm");
            Files.write(object, orthanc.getBytes("/instances/" + instanceOf(modality) + "/file"));
            assertThat(dump(object)).as(modality + " references the source image").contains(sourceSop);
            if (Files.isExecutable(Path.of("/usr/bin/dciodvfy"))) {
                assertThat(validatorErrors(object)).as("dciodvfy errors in the " + modality).isEmpty();
            }
        }
        Path hand = temp.resolve("hand.dcm");
        Files.copy(received, hand);
        Process modify = new ProcessBuilder("dcmodify", "-nb", "-m", "(0018,0015)=HAND", hand.toString()).start();
        assertThat(modify.waitFor()).isZero();
        Run refused = pacs("send", "--model", store.requireActive().directory().toString(), hand.toString());
        assertThat(refused.exit).isEqualTo(1);
        assertThat(refused.err).contains("hand.dcm: not analysed, nothing sent");
        // Series listings change as Orthanc marks them stable: compare how many series there are.
        assertThat(count(orthanc.get("/studies/" + orthancStudy() + "/series"), "\"Modality\" :"))
                .as("nothing more arrived").isEqualTo(count(series, "\"Modality\" :"));

        assertThat(Files.readString(AppHome.fromEnvironment().auditLog())).contains("\"result-sent\"",
                "\"outcome\":\"sent\"").doesNotContain("PH-100", "PHANTOM");
    }

    private String orthancStudy() throws Exception {
        String studies = orthanc.get("/studies");
        return studies.substring(studies.indexOf('"') + 1, studies.indexOf('"', studies.indexOf('"') + 1));
    }

    private String instanceOf(String modality) throws Exception {
        String body = orthanc.post("/tools/find", "{\"Level\":\"Instance\",\"Query\":{\"Modality\":\"" + modality
                + "\"}}");
        return body.substring(body.indexOf('"') + 1, body.indexOf('"', body.indexOf('"') + 1));
    }

    private static int count(String text, String what) {
        return (text.length() - text.replace(what, "").length()) / what.length();
    }

    private static String dump(Path file) throws Exception {
        Process p = new ProcessBuilder("dcmdump", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static List<String> validatorErrors(Path file) throws Exception {
        Process p = new ProcessBuilder("dciodvfy", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out.lines().filter(l -> l.startsWith("Error")).toList();
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run pacs(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new PacsCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        int exit = cmd.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }
}
