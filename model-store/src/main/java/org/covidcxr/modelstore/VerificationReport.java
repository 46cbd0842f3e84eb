package org.covidcxr.modelstore;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of verifying one bundle folder.
 *
 * @param version   the folder's version (its name inside a store, the card's version elsewhere), if known
 * @param directory the bundle folder
 * @param card      the card, when it could be read
 * @param problems  what is wrong; empty when the bundle is intact
 */
public record VerificationReport(String version, Path directory, Optional<ModelCard> card,
                                 List<BundleProblem> problems) {

    public VerificationReport {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
