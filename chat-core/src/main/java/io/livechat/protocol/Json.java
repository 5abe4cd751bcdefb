package io.livechat.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one shared Jackson mapper, and parsing that turns bad JSON into {@link ErrorCode#BAD_JSON}. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** Parses a JSON object, or throws a {@link ChatException} with {@code bad_json}. */
    public static ObjectNode parseObject(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw new ChatException(ErrorCode.BAD_JSON, "not valid JSON: " + e.getOriginalMessage());
        }
        throw new ChatException(ErrorCode.BAD_JSON, "expected a JSON object");
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass(), e);
        }
    }

    /** A required text field, or {@code bad_request}. */
    public static String text(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "missing text field '" + field + "'");
        }
        return v.asText();
    }

    /** An optional text field, or the default. */
    public static String text(ObjectNode node, String field, String dflt) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : dflt;
    }
}
