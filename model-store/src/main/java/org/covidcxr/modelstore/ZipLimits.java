package org.covidcxr.modelstore;

/**
 * Limits that stop a hostile or broken archive from filling the disk on import (zip bomb).
 *
 * @param maxTotalBytes       largest total uncompressed size accepted
 * @param maxEntries          most entries accepted
 * @param maxCompressionRatio largest uncompressed/compressed ratio of one entry (checked once it is past 1 MiB)
 */
public record ZipLimits(long maxTotalBytes, int maxEntries, int maxCompressionRatio) {

    /** Generous for a CNN of a few to a few hundred MB, far below what would harm a workstation. */
    public static final ZipLimits DEFAULT = new ZipLimits(2L << 30, 10_000, 200);

    public ZipLimits {
        if (maxTotalBytes <= 0 || maxEntries <= 0 || maxCompressionRatio <= 0) {
            throw new IllegalArgumentException("Zip limits must be positive: " + maxTotalBytes + ", "
                    + maxEntries + ", " + maxCompressionRatio);
        }
    }
}
