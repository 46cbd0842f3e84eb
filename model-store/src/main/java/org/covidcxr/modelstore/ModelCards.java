package org.covidcxr.modelstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and writes {@code model-card.json}. */
public final class ModelCards {

    // NaN may appear in metrics (e.g. AUROC of a source without positives), so it is allowed both ways.
    static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private ModelCards() {
    }

    /**
     * Reads a model card.
     *
     * @throws ModelStoreException naming the file when it is missing or not a valid card
     */
    public static ModelCard read(Path file) {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new ModelStoreException("Model card " + file + " is missing: every bundle needs a "
                    + ModelBundle.CARD_FILE + "; re-export the model or restore the file.");
        } catch (IOException e) {
            throw new ModelStoreException("Cannot read model card " + file + ": " + e.getMessage(), e);
        }
    }

    static ModelCard parse(InputStream in, String origin) throws IOException {
        try {
            ModelCard card = JSON.readValue(in, ModelCard.class);
            if (card == null) {
                throw new ModelStoreException("Model card " + origin + " is empty.");
            }
            return card;
        } catch (JsonProcessingException e) {
            throw new ModelStoreException("Model card " + origin + " is not a valid model card: "
                    + e.getOriginalMessage() + ". Fix the JSON or re-export the model.", e);
        }
    }

    /** Writes a model card, replacing any existing file atomically. */
    public static void write(ModelCard card, Path file) {
        writeJson(card, file, "model card");
    }

    /** Writes any of the store's JSON files (card, pointer, records), replacing the file atomically. */
    static void writeJson(Object value, Path file, String what) {
        try {
            CrashPoint.FILES.write(file, JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new ModelStoreException("Cannot write " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
