package org.covidcxr.inference.sitetraining;

import java.nio.file.Path;

/** Progress of a scan; called on the scanning thread after each file. */
@FunctionalInterface
public interface ScanListener {
    ScanListener NONE = (done, total, file) -> { };

    /**
     * @param done  files examined so far
     * @param total files to examine (known after the sources were listed)
     * @param file  the file just examined
     */
    void onProgress(int done, int total, Path file);
}
