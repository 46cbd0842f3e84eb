package org.covidcxr.modelstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model bundle on disk whose checksums were verified when this object was made: a folder holding
 * {@value #SAVED_MODEL_DIR}/ (the TensorFlow SavedModel), {@value #CARD_FILE} and {@value #MANIFEST_FILE}.
 * Instances come only from {@link ModelBundles} and {@link ModelStore}, so holding one means "verified".
 */
public final class ModelBundle {

    public static final String CARD_FILE = "model-card.json";
    public static final String MANIFEST_FILE = ChecksumManifest.FILE_NAME;
    public static final String SAVED_MODEL_DIR = "saved_model";
    /** The file TensorFlow needs inside {@value #SAVED_MODEL_DIR}/. */
    public static final String SAVED_MODEL_PB = SAVED_MODEL_DIR + "/saved_model.pb";

    private final Path directory;
    private final ModelCard card;

    ModelBundle(Path directory, ModelCard card) {
        this.directory = directory.toAbsolutePath().normalize();
        this.card = Objects.requireNonNull(card);
    }

    public String version() {
        return card.version();
    }

    public Path directory() {
        return directory;
    }

    /** The SavedModel folder to hand to TensorFlow / DJL. */
    public Path savedModelDirectory() {
        return directory.resolve(SAVED_MODEL_DIR);
    }

    public ModelCard card() {
        return card;
    }

    /**
     * The bundle's identity: SHA-256 of its checksum manifest, which names the hash of every other file (what the
     * audit log records as {@code modelChecksum}).
     */
    public String checksum() {
        try {
            return ChecksumManifest.sha256(directory.resolve(MANIFEST_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + directory.resolve(MANIFEST_FILE) + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelBundle other && directory.equals(other.directory) && card.equals(other.card);
    }

    @Override
    public int hashCode() {
        return Objects.hash(directory, card);
    }

    @Override
    public String toString() {
        return "ModelBundle[" + version() + " at " + directory + "]";
    }
}
