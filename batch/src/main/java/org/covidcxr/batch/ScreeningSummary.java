package org.covidcxr.batch;

import java.util.Collections;
import java.util.LinkedHashMap;
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
        byStatus = ordered(byStatus);
        byVerdict = ordered(byVerdict);
        byReason = ordered(byReason);
    }

    /** An unmodifiable copy in the given order (most frequent first, as counted). */
    private static Map<String, Long> ordered(Map<String, Long> counts) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(counts));
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
        byStatus.forEach((status, n) -> {
            s.append(String.format(Locale.ROOT, "  %-13s %7d%n", status, n));
            if (status.equals(ScreeningRows.ANALYSED)) {
                byVerdict.forEach((verdict, v) -> s.append(String.format(Locale.ROOT, "      %7d  %s%n", v, verdict)));
            }
        });
        if (!byReason.isEmpty()) {
            s.append("  not analysed, by reason:").append(System.lineSeparator());
            byReason.forEach((reason, n) -> s.append(String.format(Locale.ROOT, "      %7d  %s%n", n, reason)));
        }
        return s.toString();
    }
}
