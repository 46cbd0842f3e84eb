package org.covidcxr.inference.evaluation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The report's JSON form. Field names are the record components' names, so they are stable as long as the records
 * are. Doubles are rounded to {@value #DECIMALS} decimals (metrics are not meaningful beyond that); thresholds are
 * floats and keep full precision, because a rounded threshold would change decisions. An undefined value
 * (empty Optional) is written as {@code null}; NaN never appears.
 */
final class EvaluationJson {

    static final int DECIMALS = 4;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("evaluation")
                    .addSerializer(Double.class, new RoundedDouble())
                    .addSerializer(double.class, new RoundedDouble())
                    .addSerializer(new OptionalDoubleSerializer())
                    .addSerializer(new OptionalSerializer()))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private EvaluationJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not write the evaluation as JSON", e);
        }
    }

    /**
     * The JSON form as plain maps and lists, without the named fields at any depth (e.g. curves that would bloat a
     * model card). Values are already rounded.
     */
    static Map<String, Object> asMapWithout(Object value, Set<String> droppedFields) {
        try {
            JsonNode tree = MAPPER.readTree(write(value));
            drop(tree, droppedFields);
            return MAPPER.convertValue(tree, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not convert the evaluation to a map", e);
        }
    }

    private static void drop(JsonNode node, Set<String> fields) {
        if (node instanceof ObjectNode object) {
            object.remove(fields);
        }
        node.forEach(child -> drop(child, fields));
    }

    private static void writeRounded(double value, JsonGenerator gen) throws IOException {
        if (Double.isFinite(value)) {
            gen.writeNumber(BigDecimal.valueOf(value).setScale(DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros());
        } else {
            gen.writeNull();
        }
    }

    private static final class RoundedDouble extends StdSerializer<Double> {
        RoundedDouble() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            writeRounded(value, gen);
        }
    }

    private static final class OptionalDoubleSerializer extends StdSerializer<OptionalDouble> {
        OptionalDoubleSerializer() {
            super(OptionalDouble.class);
        }

        @Override
        public void serialize(OptionalDouble value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.isPresent()) {
                writeRounded(value.getAsDouble(), gen);
            } else {
                gen.writeNull();
            }
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class OptionalSerializer extends StdSerializer<Optional> {
        OptionalSerializer() {
            super(Optional.class);
        }

        @Override
        public void serialize(Optional value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.isPresent()) {
                provider.defaultSerializeValue(value.get(), gen);
            } else {
                gen.writeNull();
            }
        }
    }
}
