package org.covidcxr.inference.sitetraining;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.covidcxr.files.AtomicFiles;
import org.covidcxr.files.FileTrees;

/**
 * Turns the wizard's first three steps into a run folder: state with the data summary, settings and acceptance
 * criteria (fixed now, before any result exists), and the de-identified dataset copy the training reads.
 */
public final class RunPreparation {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("'run-'yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private static final String PARTIAL_SUFFIX = ".dataset-partial";

    private RunPreparation() {
    }

    /**
     * @param parentVersion the model to fine-tune; empty when training from scratch
     * @param listener      progress of copying the images
     */
    public static RunFolder prepare(Path runsRoot, List<SiteSource> sources, ScanResult scan, SplitPlan plan,
                                    SiteTrainingSettings settings, AcceptanceCriteria criteria,
                                    Optional<String> parentVersion, String user, Instant now,
                                    ScanListener listener, Cancellation cancellation) throws IOException {
        if (settings.fineTune() && parentVersion.isEmpty()) {
            throw new IllegalArgumentException("fine-tuning needs an active model to start from; activate one in "
                    + "the Models view or train from scratch");
        }
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        plan.imageCounts().forEach((split, perClass) -> counts.put(split.column(), perClass));
        RunState state = new RunState(uniqueId(runsRoot, now), now, user, RunStatus.PREPARED, "",
                sources.stream().map(SiteSource::describe).toList(), plan.settings(), counts,
                scan.rejected().size(), settings, criteria, settings.fineTune() ? parentVersion.get() : null,
                null, null);
        // The copy is made beside the runs (hidden, without run.json) and moved in once complete: a copy that
        // fails, is cancelled or is cut short by a crash never shows up as an unfinished run.
        removeAbandonedCopies(runsRoot, now);
        Path partial = runsRoot.resolve("." + state.runId() + PARTIAL_SUFFIX);
        RunFolder run = null;
        try {
            SiteDatasetWriter.write(plan, partial, listener, cancellation);
            run = RunFolder.create(runsRoot, state);
            AtomicFiles.PLAIN.rename(partial, run.dataset());
            return run;
        } catch (IOException | RuntimeException e) {
            FileTrees.delete(partial);
            if (run != null) {
                FileTrees.delete(run.folder());
            }
            throw e;
        }
    }

    /**
     * Copies left by a crash hold de-identified images nobody uses. Only those a day old go: a younger one may be
     * another workstation window's copy in progress.
     */
    private static void removeAbandonedCopies(Path runsRoot, Instant now) {
        if (!Files.isDirectory(runsRoot)) {
            return;
        }
        try (Stream<Path> children = Files.list(runsRoot)) {
            for (Path p : children.filter(c -> c.getFileName().toString().endsWith(PARTIAL_SUFFIX)).toList()) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(now.minus(Duration.ofDays(1)))) {
                    FileTrees.delete(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Only disk space is at stake; the new run does not depend on it.
        }
    }

    private static String uniqueId(Path runsRoot, Instant now) {
        String id = RUN_ID.format(now);
        String candidate = id;
        for (int k = 2; runsRoot.resolve(candidate).toFile().exists(); k++) {
            candidate = id + "-" + k;
        }
        return candidate;
    }
}
