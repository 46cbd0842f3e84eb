package org.covidcxr.inference.sitetraining;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.covidcxr.files.AtomicFiles;

/**
 * One run's folder: {@code run.json} (the {@link RunState}), {@code dataset/} (the de-identified copy with its
 * manifest), {@code training/} (the trainer's checkpoints and exported bundle), {@code progress.jsonl}
 * ({@link TrainingEvent}s), {@code evaluation/}, and the files through which the wizard and the training process
 * talk: {@code run.lock} (held by the training process while it runs) and {@code stop-request}.
 */
public final class RunFolder {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path folder;

    private RunFolder(Path folder) {
        this.folder = folder;
    }

    /** Creates the folder of a new run and writes its first state. */
    public static RunFolder create(Path runsRoot, RunState state) throws IOException {
        Path folder = runsRoot.resolve(state.runId());
        Files.createDirectories(runsRoot);
        Files.createDirectory(folder);
        RunFolder run = new RunFolder(folder);
        run.save(state);
        return run;
    }

    public static RunFolder open(Path folder) throws IOException {
        if (!Files.isRegularFile(folder.resolve("run.json"))) {
            throw new IOException(folder + " is not a training run folder (no run.json)");
        }
        return new RunFolder(folder);
    }

    /** Every run under {@code runsRoot}, newest first; folders without a readable state are skipped. */
    public static List<RunFolder> list(Path runsRoot) throws IOException {
        if (!Files.isDirectory(runsRoot)) {
            return List.of();
        }
        List<RunFolder> runs = new ArrayList<>();
        try (Stream<Path> children = Files.list(runsRoot)) {
            for (Path child : children.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isRegularFile(child.resolve("run.json"))) {
                    runs.add(new RunFolder(child));
                }
            }
        }
        return runs;
    }

    public Path folder() {
        return folder;
    }

    public Path dataset() {
        return folder.resolve("dataset");
    }

    /** The trainer's output folder ({@code TrainingConfig.out}). */
    public Path training() {
        return folder.resolve("training");
    }

    /** The sealed candidate bundle once training finished (where the trainer's finisher writes it). */
    public Path candidate() {
        return training().resolve("bundle");
    }

    public Path evaluation() {
        return folder.resolve("evaluation");
    }

    public Path progressLog() {
        return folder.resolve("progress.jsonl");
    }

    public Path workerLog() {
        return folder.resolve("training.log");
    }

    /** The last {@code lines} lines of the worker's own log (its stack trace when it failed); empty when unreadable. */
    public String workerLogTail(int lines) {
        try {
            List<String> all = Files.readAllLines(workerLog(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    Path lockFile() {
        return folder.resolve("run.lock");
    }

    Path stopRequest() {
        return folder.resolve("stop-request");
    }

    public RunState state() throws IOException {
        return JSON.readValue(folder.resolve("run.json").toFile(), RunState.class);
    }

    /** Replaces {@code run.json} atomically: a crash leaves the old or the new state, never half of one. */
    public void save(RunState state) throws IOException {
        AtomicFiles.PLAIN.write(folder.resolve("run.json"),
                tmp -> JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), state));
    }

    /** Appends one event as a line; flushed to disk so a crash right after loses nothing already reported. */
    void append(TrainingEvent event) {
        try (FileChannel channel = FileChannel.open(progressLog(), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(StandardCharsets.UTF_8.encode(JSON.writeValueAsString(event) + "\n"));
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + progressLog() + ": " + e.getMessage(), e);
        }
    }

    /** All complete events so far (a line torn by a crash is ignored). */
    public List<TrainingEvent> events() throws IOException {
        if (!Files.exists(progressLog())) {
            return List.of();
        }
        List<TrainingEvent> events = new ArrayList<>();
        for (String line : Files.readAllLines(progressLog(), StandardCharsets.UTF_8)) {
            try {
                events.add(JSON.readValue(line, TrainingEvent.class));
            } catch (IOException torn) {
                // the last line of a killed process; everything before it is intact
            }
        }
        return events;
    }

    /** Whether a training process holds this run now (the OS releases the lock when a process dies). */
    public boolean trainingProcessRunning() throws IOException {
        if (!Files.exists(lockFile())) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile(), StandardOpenOption.WRITE)) {
            try (FileLock lock = channel.tryLock()) {
                return lock == null;
            } catch (OverlappingFileLockException e) {
                return true; // held by this very JVM
            }
        }
    }

    /** The end event of the last training attempt, if that attempt ended cleanly. */
    public Optional<TrainingEvent> lastEnd() throws IOException {
        List<TrainingEvent> events = events();
        for (int i = events.size() - 1; i >= 0; i--) {
            TrainingEvent e = events.get(i);
            if (e.type() == TrainingEvent.Type.END) {
                return Optional.of(e);
            }
            if (e.type() == TrainingEvent.Type.START) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Brings {@code run.json} in line with what the training process left behind: a run still marked as training
     * whose process is gone ended the way its last event says, or was interrupted (crash, killed, power loss).
     */
    public RunState reconcile() throws IOException {
        RunState state = state();
        if (state.status() != RunStatus.TRAINING || trainingProcessRunning()) {
            return state;
        }
        Optional<TrainingEvent> end = lastEnd();
        RunState updated = end.isPresent()
                ? state.withStatus(end.get().outcome(), end.get().text())
                : state.withStatus(RunStatus.INTERRUPTED, "Training stopped unexpectedly (the app or computer may "
                + "have closed). Resume continues after the last completed epoch.");
        save(updated);
        return updated;
    }
}
