package org.covidcxr.pacs;

/** Told how a retrieve or a send advances: images done and failed so far, of how many (0 when unknown). */
@FunctionalInterface
public interface TransferProgress {
    TransferProgress NONE = (done, failed, total) -> { };

    void update(int done, int failed, int total);
}
