package org.covidcxr.modelstore;

/**
 * Limits that stop a hostile or broken archive from filling the disk on import (zip bomb).
 *
 * @param maxTotalBytes       largest total uncompressed size accepted
 * @param maxEntries          most entries accepted
 * @param maxCompressionRatio largest uncompressed/compressed ratio of one entry (checked once it is past 1 MiB)
 */
public record ZipLimits(long maxTotalBytes, int maxEntries, int maxCompressionRatio) {

    /**
     * Generous for a CNN bundle (the shipped ones are 4 MB; a ResNet-50 would be about 100 MB), far below what would
     * harm a workstation: a 1.9 GiB archive at 78:1 once passed a 2 GiB limit and was written out in full.
     */
    public static final ZipLimits DEFAULT = new ZipLimits(512L << 20, 10_000, 200);

    public ZipLimits {
        if (maxTotalBytes <= 0 || maxEntries <= 0 || maxCompressionRatio <= 0) {
            throw new IllegalArgumentException("Zip limits must be positive: " + maxTotalBytes + ", "
                    + maxEntries + ", " + maxCompressionRatio);
        }
    }
}
