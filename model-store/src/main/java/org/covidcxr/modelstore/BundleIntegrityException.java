package org.covidcxr.modelstore;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A bundle failed verification (changed, missing or unexpected file, bad manifest or card); it must not be used.
 */
public class BundleIntegrityException extends ModelStoreException {

    private final transient VerificationReport report;

    /**
     * @param report  what failed
     * @param subject what was verified, for the message (e.g. "Model bundle /path" or "archive /path.zip")
     * @param advice  what the user should do
     */
    public BundleIntegrityException(VerificationReport report, String subject, String advice) {
        super(subject + " failed verification: "
                + report.problems().stream().map(BundleProblem::toString).collect(Collectors.joining("; "))
                + ". " + advice);
        this.report = report;
    }

    public VerificationReport report() {
        return report;
    }

    public List<BundleProblem> problems() {
        return report.problems();
    }
}
