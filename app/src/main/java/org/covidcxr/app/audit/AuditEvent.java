package org.covidcxr.app.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * One audited fact. Deliberately holds no patient name or ID: the input is identified by the SHA-256 of its bytes.
 */
public sealed interface AuditEvent {

    Instant time();

    String user();

    /** The {@code type} field of the JSON line. */
    String type();

    /** Writes this event's own fields (beyond seq/type/time/user) into the line being built. */
    void writeFields(ObjectNode line);

    /** One analysis shown to a user. */
    record Analysis(Instant time, String user, String modelVersion, String modelChecksum, String inputSha256,
                    Map<String, Double> probabilities, double covidProbability, double threshold,
                    String decision) implements AuditEvent {
        public Analysis {
            probabilities = Map.copyOf(probabilities);
        }

        @Override
        public String type() {
            return "analysis";
        }

        @Override
        public void writeFields(ObjectNode line) {
            line.put("modelVersion", modelVersion);
            line.put("modelChecksum", modelChecksum);
            line.put("inputSha256", inputSha256);
            ObjectNode p = line.putObject("probabilities");
            probabilities.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> p.put(e.getKey(), e.getValue()));
            line.put("covidProbability", covidProbability);
            line.put("threshold", threshold);
            line.put("decision", decision);
        }
    }

    /**
     * The model store changed (seeding, activation, rollback, import …) or the workstation loaded another model.
     *
     * @param outcome    whether it took effect, and whether it was recorded when made or at the store's next open
     * @param acceptance for a site-trained model: its acceptance criteria, whether they passed and whether the trainer
     *                   overrode a failure (from its model card); empty otherwise
     * @param signingKey for a key trusted: that key; for a model added: the key that signed it; "" otherwise
     */
    record ModelChange(Instant time, String user, String action, String modelVersion, String modelChecksum,
                       String previousVersion, String outcome, Map<String, Object> acceptance,
                       String signingKey) implements AuditEvent {

        public ModelChange(Instant time, String user, String action, String modelVersion, String modelChecksum,
                           String previousVersion, String outcome) {
            this(time, user, action, modelVersion, modelChecksum, previousVersion, outcome, Map.of(), "");
        }

        @Override
        public String type() {
            return "model-change";
        }

        @Override
        public void writeFields(ObjectNode line) {
            line.put("action", action);
            line.put("modelVersion", modelVersion);
            line.put("modelChecksum", modelChecksum);
            line.put("previousVersion", previousVersion);
            line.put("outcome", outcome);
            if (!acceptance.isEmpty()) {
                line.putPOJO("acceptance", acceptance);
            }
            if (!signingKey.isEmpty()) {
                line.put("signingKey", signingKey);
            }
        }
    }

    /**
     * Results of one analysis were sent to a DICOM node (or the send failed): which node, which model's result, which
     * input (by SHA-256), how many objects arrived.
     */
    record ResultSent(Instant time, String user, String node, String modelVersion, String inputSha256, int objects,
                      String outcome) implements AuditEvent {

        @Override
        public String type() {
            return "result-sent";
        }

        @Override
        public void writeFields(ObjectNode line) {
            line.put("node", node);
            line.put("modelVersion", modelVersion);
            line.put("inputSha256", inputSha256);
            line.put("objects", objects);
            line.put("outcome", outcome);
        }
    }

    /**
     * An archive was screened ({@code covidcxr batch}): which model and who signed it ("unsigned" for a bundle folder
     * nobody signed), which run (the {@code run} column of its rows), where the rows went, and how many images came
     * to what. No image is named: the rows say that.
     */
    record BatchRun(Instant time, String user, String modelVersion, String modelChecksum, String signingKey,
                    String run, String output, long files, long skipped, Map<String, Long> byStatus)
            implements AuditEvent {
        public BatchRun {
            byStatus = Map.copyOf(byStatus);
        }

        @Override
        public String type() {
            return "batch-run";
        }

        @Override
        public void writeFields(ObjectNode line) {
            line.put("modelVersion", modelVersion);
            line.put("modelChecksum", modelChecksum);
            line.put("signingKey", signingKey);
            line.put("run", run);
            line.put("output", output);
            line.put("files", files);
            line.put("skipped", skipped);
            ObjectNode statuses = line.putObject("byStatus");
            byStatus.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> statuses.put(e.getKey(), e.getValue()));
        }
    }
}
