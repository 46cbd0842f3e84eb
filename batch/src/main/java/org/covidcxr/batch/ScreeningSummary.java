package org.covidcxr.batch;

import java.util.Locale;
import java.util.Map;

/**
 * What one run did.
 *
 * @param listed    files found
 * @param skipped   files whose bytes the same model had screened in an earlier run
 * @param byStatus  this run's rows per status (analysed, not-suitable, unreadable, failed)
 * @param byVerdict analysed images per verdict
 * @param byReason  images not analysed, per reason
 * @param seconds   the run's wall time
 * @param run       the run's identifier (the {@code run} column of its rows)
 */
public record ScreeningSummary(long listed, long skipped, Map<String, Long> byStatus, Map<String, Long> byVerdict,
                               Map<String, Long> byReason, double seconds, String run) {

    public ScreeningSummary {
        byStatus = Map.copyOf(byStatus);
        byVerdict = Map.copyOf(byVerdict);
        byReason = Map.copyOf(byReason);
    }

    /** Rows this run wrote. */
    public long screened() {
        return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    public long failures() {
        return byStatus.getOrDefault(ScreeningRows.FAILED, 0L);
    }

    /** The summary as the console shows it. */
    public String text() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Run %s: %d files, %d screened, %d skipped "
                + "(screened by this model before), in %.1f s (%.2f images/s)%n", run, listed, screened(), skipped,
                seconds, seconds > 0 ? screened() / seconds : 0));
        byStatus.forEach((status, n) -> s.append(String.format(Locale.ROOT, "  %-14s %d%n", status, n)));
        byVerdict.forEach((verdict, n) -> s.append(String.format(Locale.ROOT, "    %-50s %d%n", verdict, n)));
        if (!byReason.isEmpty()) {
            s.append("  not analysed, by reason:").append(System.lineSeparator());
            byReason.forEach((reason, n) -> s.append(String.format(Locale.ROOT, "    %5d  %s%n", n, reason)));
        }
        return s.toString();
    }
}
