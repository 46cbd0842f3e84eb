package org.covidcxr.modelstore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelCardsTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReadsTheSameCard() {
        ModelCard card = TestBundles.card("1.0.0", "0.9.0");
        Path file = dir.resolve("model-card.json");
        ModelCards.write(card, file);

        assertThat(ModelCards.read(file)).isEqualTo(card);
        assertThat(ModelCards.read(file).parent()).contains("0.9.0");
    }

    @Test
    void writesReadableJsonWithIsoTimes() throws Exception {
        Path file = dir.resolve("model-card.json");
        ModelCards.write(TestBundles.card("1.0.0", null), file);

        String json = Files.readString(file);
        assertThat(json).contains("\"createdAt\" : \"2026-01-02T03:04:05Z\"", "\"classes\" : [ \"covid\", \"normal\", "
                + "\"pneumonia\" ]", "\"tensorName\" : \"image\"");
        assertThat(ModelCards.read(file).parent()).isEmpty();
    }

    @Test
    void ignoresUnknownFieldsAndToleratesMissingOptionalOnes() throws Exception {
        Path file = dir.resolve("model-card.json");
        Files.writeString(file, "{\"version\":\"2.0\",\"futureField\":{\"x\":1},\"metrics\":{\"auroc\":NaN}}");

        ModelCard card = ModelCards.read(file);
        assertThat(card.version()).isEqualTo("2.0");
        assertThat(card.limitations()).isEmpty();
        assertThat((Double) card.metrics().get("auroc")).isNaN();
    }

    @Test
    void refusesInvalidCardsNamingTheFile() throws Exception {
        Path file = dir.resolve("model-card.json");
        Files.writeString(file, "{\"version\":\"../evil\"}");
        assertThatThrownBy(() -> ModelCards.read(file)).isInstanceOf(ModelStoreException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("Invalid model version");

        Files.writeString(file, "{not json");
        assertThatThrownBy(() -> ModelCards.read(file)).hasMessageContaining(file.toString());
        assertThatThrownBy(() -> ModelCards.read(dir.resolve("none.json"))).hasMessageContaining("missing");
    }
}
