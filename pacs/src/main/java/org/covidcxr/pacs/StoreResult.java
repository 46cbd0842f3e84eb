package org.covidcxr.pacs;

import java.util.List;

/** What a C-STORE of several files achieved: how many the node accepted, and a reason for each one it did not. */
public record StoreResult(int stored, List<String> failures) {

    public StoreResult {
        failures = List.copyOf(failures);
    }

    public boolean complete() {
        return failures.isEmpty();
    }
}
