package org.covidcxr.modelstore;

import java.nio.file.Path;

/**
 * One bundle as listed by {@link ModelStore#list()}, read from its card without checking its checksums (use
 * {@link ModelStore#verify()} or load it for that).
 *
 * @param version   the bundle's version
 * @param directory the bundle's folder
 * @param active    whether it is the active model
 * @param card      its model card
 */
public record BundleSummary(String version, Path directory, boolean active, ModelCard card) {
}
