package org.covidcxr.modelstore;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code bundled.json}: the shipped (bundled) model versions a store has already received, so that one the user
 * deleted is not added again when the workstation next starts. Always replaced atomically.
 *
 * @param versions versions received, in version order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record OfferedBundles(List<String> versions) {

    static final String FILE_NAME = "bundled.json";

    OfferedBundles {
        versions = versions == null ? List.of() : List.copyOf(versions);
    }

    /** The record of {@code root}; none (a store older than this record, or an unreadable one) reads as empty. */
    static OfferedBundles read(Path root) {
        Path file = root.resolve(FILE_NAME);
        try {
            return ModelCards.JSON.readValue(Files.readAllBytes(file), OfferedBundles.class);
        } catch (IOException | IllegalArgumentException e) {
            // Missing or unreadable alike: losing it costs at most re-adding a deleted shipped version once; the file is rewritten then.
            return new OfferedBundles(List.of());
        }
    }

    boolean contains(String version) {
        return versions.contains(version);
    }

    OfferedBundles with(Collection<String> more) {
        TreeSet<String> all = new TreeSet<>(VersionOrder.INSTANCE);
        all.addAll(versions);
        all.addAll(more);
        return new OfferedBundles(List.copyOf(all));
    }

    void write(Path root) {
        ModelCards.writeJson(this, root.resolve(FILE_NAME), "the record of received shipped models");
    }
}
