package org.covidcxr.inference.training;

import java.io.PrintStream;

/** Training progress as console lines: a step line every {@code every} steps and at an epoch's end, an epoch line. */
public final class ConsoleProgress implements TrainingListener {
    private final PrintStream out;
    private final int every;

    public ConsoleProgress(PrintStream out, int every) {
        this.out = out;
        this.every = Math.max(1, every);
    }

    @Override
    public void onMessage(String message) {
        out.println(message);
    }

    @Override
    public void onStep(Step s) {
        if (s.step() % every == 0 || s.step() == s.steps()) {
            out.printf("epoch %d/%d step %d/%d  loss %.4f  lr %.2e  %.1f images/s  ETA %s%n", s.epoch(), s.epochs(),
                    s.step(), s.steps(), s.loss(), s.learningRate(), s.imagesPerSecond(), duration(s.etaSeconds()));
        }
    }

    @Override
    public void onEpoch(TrainingState.EpochResult e) {
        out.printf("epoch %d done in %s: train loss %.4f | val loss %.4f  accuracy %.3f  macro AUROC %.4f%s%n",
                e.epoch(), duration(e.seconds()), e.trainLoss(), e.validationLoss(), e.validationAccuracy(),
                e.validationMacroAuroc(), Double.isNaN(e.validationWithinSourceAuroc()) ? ""
                        : String.format("  COVID-19 AUROC within source %.4f", e.validationWithinSourceAuroc()));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : String.format("%dm%02ds", s / 60, s % 60);
    }
}
