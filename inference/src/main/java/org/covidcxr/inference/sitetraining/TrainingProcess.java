package org.covidcxr.inference.sitetraining;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.covidcxr.inference.JvmCommand;
import org.covidcxr.inference.TensorFlowRuntime;

/**
 * Starts and steers the training process of a run from the app (or a test): a child JVM running
 * {@link SiteTrainingWorker} on the app's own class path, its console output in the run's {@code training.log}.
 */
public final class TrainingProcess {
    /** Heap of the training JVM; images and TensorFlow's tensors live mostly outside it. */
    static final String HEAP = "-Xmx2g";

    private final RunFolder run;
    private final Process process;

    private TrainingProcess(RunFolder run, Process process) {
        this.run = run;
        this.process = process;
    }

    /**
     * Starts (or resumes) training of a prepared, paused or interrupted run.
     *
     * @param parentBundle the folder of the model to fine-tune from; empty when training from scratch
     * @throws IllegalStateException when the run is not resumable or another process already trains it
     */
    public static TrainingProcess start(RunFolder run, Optional<Path> parentBundle) throws IOException {
        RunState state = run.reconcile();
        if (!state.status().resumable()) {
            throw new IllegalStateException("run " + state.runId() + " is " + state.status()
                    + "; only a prepared, paused or interrupted run can be trained");
        }
        Files.deleteIfExists(run.stopRequest());
        run.save(state.withStatus(RunStatus.TRAINING, ""));
        ProcessBuilder builder = new ProcessBuilder(command(run, parentBundle)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(run.workerLog().toFile()));
        // The worker switches oneDNN off itself (TensorFlowRuntime); set here too, it also holds for anything that
        // touches TensorFlow before the worker's first line.
        builder.environment().put(TensorFlowRuntime.ONEDNN_VARIABLE, "0");
        Process process = builder.start();
        return new TrainingProcess(run, process);
    }

    /** The worker's command line: this JVM's own {@code java}, class path and launcher settings. */
    static List<String> command(RunFolder run, Optional<Path> parentBundle) {
        List<String> options = new ArrayList<>(List.of(HEAP, "-Djava.awt.headless=true"));
        options.addAll(JvmCommand.launcherProperties());
        List<String> args = new ArrayList<>(List.of(run.folder().toAbsolutePath().toString(),
                Long.toString(ProcessHandle.current().pid())));
        parentBundle.ifPresent(p -> args.add(p.toAbsolutePath().toString()));
        return JvmCommand.of(options, SiteTrainingWorker.class, args);
    }

    public RunFolder run() {
        return run;
    }

    /** The child JVM, e.g. for a crash test to kill it. */
    public Process process() {
        return process;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Asks the process to stop after the current step; the run stays resumable (pause) or ends (cancel). */
    public void pause() throws IOException {
        StopRequest.PAUSE.write(run.stopRequest());
    }

    public void cancel() throws IOException {
        StopRequest.CANCEL.write(run.stopRequest());
    }

    /** Waits for the process to end and returns the run's resulting state. */
    public RunState await() throws IOException, InterruptedException {
        process.waitFor();
        return run.reconcile();
    }
}
