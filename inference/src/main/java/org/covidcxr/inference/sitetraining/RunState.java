package org.covidcxr.inference.sitetraining;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything about a run that must survive closing the app: stored as {@code run.json} in the run folder. No patient
 * data: the data summary holds counts only.
 *
 * @param runId            folder name, e.g. {@code run-20261125-201500}
 * @param createdBy        the operating-system user who started it
 * @param message          last error or note for the trainer; empty when none
 * @param sources          descriptions of the scanned sources ({@link SiteSource#describe()})
 * @param imagesBySplit    split column → class → images, as copied into the dataset
 * @param skippedFiles     files the scan could not use
 * @param parentVersion    the model fine-tuned from; {@code null} when trained from scratch
 * @param candidateVersion version of the bundle training produced, once trained
 * @param publishedVersion the version in the model store, once published
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunState(String runId, Instant createdAt, String createdBy, RunStatus status, String message,
                       List<String> sources, SplitSettings split, Map<String, Map<String, Integer>> imagesBySplit,
                       int skippedFiles, SiteTrainingSettings settings, AcceptanceCriteria criteria,
                       String parentVersion, String candidateVersion, String publishedVersion) {

    public RunState {
        message = message == null ? "" : message;
        sources = List.copyOf(sources);
        imagesBySplit = Collections.unmodifiableMap(new LinkedHashMap<>(imagesBySplit));
    }

    public RunState withStatus(RunStatus value, String note) {
        return new RunState(runId, createdAt, createdBy, value, note, sources, split, imagesBySplit, skippedFiles,
                settings, criteria, parentVersion, candidateVersion, publishedVersion);
    }

    public RunState withCandidate(String version) {
        return new RunState(runId, createdAt, createdBy, RunStatus.TRAINED, "", sources, split, imagesBySplit,
                skippedFiles, settings, criteria, parentVersion, version, publishedVersion);
    }

    public RunState withPublished(String version) {
        return new RunState(runId, createdAt, createdBy, RunStatus.PUBLISHED, "", sources, split, imagesBySplit,
                skippedFiles, settings, criteria, parentVersion, candidateVersion, version);
    }

    /** Images in one split (column name {@code train}, {@code val}, {@code test}). */
    public int images(Split s) {
        return imagesBySplit.getOrDefault(s.column(), Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }
}
