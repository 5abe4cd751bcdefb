package io.livechat.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one shared Jackson mapper, and parsing that turns bad JSON (or bytes that are not UTF-8) into
 * {@link ErrorCode#BAD_JSON} and JSON of the wrong shape into {@link ErrorCode#BAD_REQUEST}.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** Parses a JSON object: {@code bad_json} when it is not JSON, {@code bad_request} when not an object. */
    public static ObjectNode parseObject(String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ChatException(ErrorCode.BAD_JSON, "not valid JSON: " + e.getOriginalMessage());
        }
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new ChatException(ErrorCode.BAD_REQUEST, "expected a JSON object");
    }

    /**
     * Decodes a body as strict UTF-8 (JSON text is UTF-8, RFC 8259): a malformed byte is {@code bad_json} rather
     * than a replacement character that would end up in a stored message.
     */
    public static String utf8(ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new ChatException(ErrorCode.BAD_JSON, "the body is not valid UTF-8");
        }
    }

    /** A required boolean field ({@code true} or {@code false}, not a string), or {@code bad_request}. */
    public static boolean bool(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isBoolean()) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "field '" + field + "' must be true or false");
        }
        return v.booleanValue();
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
