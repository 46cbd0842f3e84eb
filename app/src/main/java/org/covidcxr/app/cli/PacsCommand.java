package org.covidcxr.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.covidcxr.app.analysis.AnalysisException;
import org.covidcxr.app.analysis.AnalysisService;
import org.covidcxr.app.audit.AuditLog;
import org.covidcxr.app.home.AppHome;
import org.covidcxr.app.pacs.PacsConnection;
import org.covidcxr.app.pacs.ResultSender;
import org.covidcxr.app.session.LoadedImage;
import org.covidcxr.dicom.ImageReadException;
import org.covidcxr.inference.screening.ImageScreening;
import org.covidcxr.inference.serving.Diagnosis;
import org.covidcxr.inference.serving.ServingException;
import org.covidcxr.modelstore.ModelBundle;
import org.covidcxr.modelstore.ModelStoreException;
import org.covidcxr.pacs.Cancellation;
import org.covidcxr.pacs.DicomNode;
import org.covidcxr.pacs.DicomReceiver;
import org.covidcxr.pacs.PacsClient;
import org.covidcxr.pacs.PacsException;
import org.covidcxr.pacs.PacsSettings;
import org.covidcxr.pacs.ReceivedImage;
import org.covidcxr.pacs.StudyQuery;
import org.covidcxr.pacs.StudyRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pacs echo|find|move|send|listen|configure}: the workstation's DICOM network functions for scripts and tests,
 * with the settings the workstation uses ({@code pacs.json} in the user's data folder). Exit 0: done; 1: the node
 * failed or refused; 2: bad arguments or settings.
 */
@Command(name = "pacs", mixinStandardHelpOptions = true,
        description = {"Talk to a PACS: C-ECHO, study C-FIND, C-MOVE into this workstation, send results back, "
                + "receive. Settings: pacs.json in ~/.covidcxr (or $COVIDCXR_HOME); 'pacs configure' edits them.",
                "Exit 0: done; 1: the node failed or refused; 2: bad arguments or settings."},
        subcommands = {PacsCommand.Echo.class, PacsCommand.Find.class, PacsCommand.Move.class, PacsCommand.Send.class,
                PacsCommand.Listen.class, PacsCommand.Configure.class})
public final class PacsCommand {

    /** The node to talk to: {@code --node AE@host:port}, or a configured one by AE title, or the first configured. */
    static final class NodeChoice {
        @Option(names = "--node", paramLabel = "AE@HOST:PORT|AE",
                description = "The PACS: AE title, host and port, or the AE title of a configured node "
                        + "(default: the first configured node).")
        String node;

        DicomNode resolve(PacsSettings settings) {
            if (node == null) {
                return settings.nodes().stream().findFirst().orElseThrow(() -> new IllegalArgumentException(
                        "No PACS node is configured: give --node AE@HOST:PORT or add one with "
                                + "'covidcxr pacs configure --add-node AE@HOST:PORT'."));
            }
            return node.contains("@") ? DicomNode.parse(node) : settings.node(node).orElseThrow(() ->
                    new IllegalArgumentException("No configured node has the AE title " + node + "; configured: "
                            + settings.nodes().stream().map(DicomNode::aeTitle).toList()));
        }
    }

    /** What every subcommand shares: the settings, the output streams and the exit codes. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public final Integer call() {
            PacsSettings settings;
            try {
                settings = PacsSettings.load(home().pacsSettings());
                return run(settings);
            } catch (IllegalArgumentException | IOException e) {
                err().println(e.getMessage());
                return 2;
            } catch (PacsException e) {
                err().println(e.getMessage());
                return 1;
            }
        }

        abstract int run(PacsSettings settings) throws IOException, PacsException;

        AppHome home() {
            return AppHome.fromEnvironment();
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }
    }

    @Command(name = "echo", mixinStandardHelpOptions = true, description = "C-ECHO: is the PACS there and do the AE "
            + "titles match?")
    static final class Echo extends Base {
        @Mixin
        NodeChoice node;

        @Override
        int run(PacsSettings settings) throws PacsException {
            DicomNode n = node.resolve(settings);
            new PacsClient(settings.aeTitle()).echo(n);
            out().println("C-ECHO " + n + ": answered");
            return 0;
        }
    }

    @Command(name = "find", mixinStandardHelpOptions = true, description = "Study-level C-FIND; prints one study per "
            + "line (Study Instance UID, date, modalities, images, accession, patient ID, patient name).")
    static final class Find extends Base {
        @Mixin
        NodeChoice node;
        @Option(names = "--patient-id", paramLabel = "ID")
        String patientId;
        @Option(names = "--patient-name", paramLabel = "NAME", description = "DICOM wildcards allowed (DOE^J*).")
        String patientName;
        @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "Studies on or after this date.")
        String from;
        @Option(names = "--until", paramLabel = "YYYY-MM-DD", description = "Studies on or before this date.")
        String until;
        @Option(names = "--modality", paramLabel = "M", description = "e.g. CR or DX.")
        String modality;
        @Option(names = "--accession", paramLabel = "A")
        String accession;

        @Override
        int run(PacsSettings settings) throws PacsException {
            StudyQuery query = new StudyQuery(Optional.ofNullable(patientId), Optional.ofNullable(patientName),
                    date(from, "--from"), date(until, "--until"), Optional.ofNullable(modality),
                    Optional.ofNullable(accession));
            List<StudyRecord> studies = new PacsClient(settings.aeTitle()).findStudies(node.resolve(settings), query);
            for (StudyRecord s : studies) {
                out().println(String.join("\t", s.studyInstanceUid(), s.studyDate(), s.modalities(),
                        Integer.toString(s.instances()), s.accessionNumber(), s.patientId(), s.patientName()));
            }
            err().println(studies.size() + " stud" + (studies.size() == 1 ? "y" : "ies"));
            return 0;
        }

        private static Optional<LocalDate> date(String text, String option) {
            try {
                return Optional.ofNullable(text).map(LocalDate::parse);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(option + " " + text + " is not a date (YYYY-MM-DD)");
            }
        }
    }

    @Command(name = "move", mixinStandardHelpOptions = true, description = "C-MOVE a study into this workstation's "
            + "incoming folder (its receiver listens for the move), or to another AE with --destination.")
    static final class Move extends Base {
        @Mixin
        NodeChoice node;
        @Option(names = "--study", required = true, paramLabel = "UID", description = "Study Instance UID.")
        String study;
        @Option(names = "--destination", paramLabel = "AE", description = "Another AE the PACS knows (default: this "
                + "workstation, which then receives the study).")
        String destination;

        @Override
        int run(PacsSettings settings) throws IOException, PacsException {
            DicomNode n = node.resolve(settings);
            PacsClient client = new PacsClient(settings.aeTitle());
            if (destination != null) {
                client.moveStudy(n, study, destination, new Cancellation());
                out().println("C-MOVE " + n + " -> " + destination + ": done");
                return 0;
            }
            List<ReceivedImage> received = new CopyOnWriteArrayList<>();
            List<String> refused = new CopyOnWriteArrayList<>();
            try {
                new PacsConnection(home().pacsSettings(), home().incoming(), image -> { }, refused::add)
                        .retrieve(n, study, new Cancellation(), received::add);
            } finally {
                received.forEach(r -> out().println(r.file()));
                refused.forEach(r -> err().println(r));
            }
            err().println("C-MOVE " + n + ": " + received.size() + " image(s) received into " + home().incoming());
            return refused.isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "send", mixinStandardHelpOptions = true, description = {"Analyse DICOM images and send each "
            + "result to the PACS (images the model was not made for are skipped, as in predict): a Secondary Capture (image, heat map and verdict burned in, labelled 'AI decision "
            + "support - not a diagnosis') and a Comprehensive SR, in the image's study. Each send is audited."})
    static final class Send extends Base {
        @Mixin
        NodeChoice node;
        @Mixin
        ModelChoice model;
        @Parameters(arity = "1..*", paramLabel = "FILE", description = "DICOM images.")
        List<Path> files;

        @Override
        int run(PacsSettings settings) throws IOException, PacsException {
            DicomNode n = node.resolve(settings);
            ModelBundle bundle;
            try {
                bundle = model.resolve();
            } catch (ModelStoreException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            AuditLog audit = AuditLog.open(home().auditLog());
            String user = System.getProperty("user.name", "unknown");
            ResultSender sender = new ResultSender(new PacsClient(settings.aeTitle()), audit, user);
            int failed = 0;
            try (ImageScreening screening = ImageScreening.open(bundle)) {
                for (Path file : files) {
                    try {
                        LoadedImage input = LoadedImage.read(file);
                        ImageScreening.Outcome outcome = screening.screen(input.analysisImage(), false);
                        if (outcome.skipped()) {
                            err().println(file + ": not analysed, nothing sent: "
                                    + String.join(" ", outcome.suitability().reasons()));
                            failed++;
                            continue;
                        }
                        Diagnosis d = outcome.diagnosis().orElseThrow();
                        AnalysisService.record(audit, Instant.now(), user, bundle, input.sha256(), d);
                        sender.send(file, input.sha256(), input.image(), d, bundle, n);
                        out().println(file + ": " + d.verdict().text() + " -> sent to " + n);
                    } catch (ImageReadException | PacsException | AnalysisException e) {
                        err().println(file + ": " + e.getMessage());
                        failed++;
                    }
                }
            } catch (ServingException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "listen", mixinStandardHelpOptions = true, description = "Run the receiver (C-STORE SCP) with the "
            + "configured AE title, port and peers until interrupted; prints each image kept.")
    static final class Listen extends Base {
        @Option(names = "--port", paramLabel = "N", description = "Listen on this port instead of the configured one.")
        Integer port;

        @Override
        int run(PacsSettings settings) throws IOException {
            PacsSettings s = port == null ? settings : settings.listeningOn(port);
            if (s.nodes().isEmpty()) {
                throw new IllegalArgumentException("No PACS node is configured, so no one may send: add one with "
                        + "'covidcxr pacs configure --add-node AE@HOST:PORT'.");
            }
            CountDownLatch stopped = new CountDownLatch(1);
            try (DicomReceiver receiver = DicomReceiver.start(s.receiver(home().incoming()),
                    r -> out().println(r.file() + "\tfrom " + r.sender()), why -> err().println(why))) {
                err().println("Listening as " + s.aeTitle() + " on port " + receiver.port() + " for "
                        + s.nodes().stream().map(DicomNode::aeTitle).toList() + "; images go to " + home().incoming()
                        + ". Ctrl+C stops.");
                out().flush();
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    @Command(name = "configure", mixinStandardHelpOptions = true, description = "Change the PACS settings; prints "
            + "them.")
    static final class Configure extends Base {
        @Option(names = "--ae-title", paramLabel = "AE", description = "This workstation's AE title.")
        String aeTitle;
        @Option(names = "--port", paramLabel = "N", description = "The receiver's port.")
        Integer port;
        @Option(names = "--listen", negatable = true, description = "Start the receiver with the workstation.")
        Boolean listen;
        @Option(names = "--auto-send", negatable = true, description = "Send results back after each analysis of "
                + "an image received from or retrieved from a PACS, without asking.")
        Boolean autoSend;
        @Option(names = "--incoming-cap-mb", paramLabel = "MB")
        Long capMb;
        @Option(names = "--add-node", paramLabel = "AE@HOST:PORT")
        List<String> add = new ArrayList<>();
        @Option(names = "--remove-node", paramLabel = "AE")
        List<String> remove = new ArrayList<>();
        @Option(names = "--send-results-to", paramLabel = "AE")
        String sendTo;

        @Override
        int run(PacsSettings s) throws IOException {
            List<DicomNode> nodes = new ArrayList<>(s.nodes());
            nodes.removeIf(n -> remove.contains(n.aeTitle()));
            for (String text : add) {
                DicomNode n = DicomNode.parse(text);
                nodes.removeIf(old -> old.aeTitle().equals(n.aeTitle()));
                nodes.add(n);
            }
            PacsSettings changed = new PacsSettings(aeTitle != null ? aeTitle : s.aeTitle(),
                    port != null ? port : s.port(), listen != null ? listen : s.listen(),
                    capMb != null ? capMb : s.incomingCapMegabytes(), autoSend != null ? autoSend : s.autoSend(),
                    sendTo != null ? sendTo : s.sendResultsTo(), nodes);
            changed.save(home().pacsSettings());
            out().println("AE title " + changed.aeTitle() + ", port " + changed.port() + ", receiver "
                    + (changed.listen() ? "on" : "off") + ", incoming cap " + changed.incomingCapMegabytes() + " MB, "
                    + "auto-send " + (changed.autoSend() ? "on" : "off"));
            changed.nodes().forEach(n -> out().println("node " + n));
            return 0;
        }
    }
}
