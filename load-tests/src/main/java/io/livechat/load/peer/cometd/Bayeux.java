package io.livechat.load.peer.cometd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.protocol.Json;

/**
 * Bayeux 1.0 as the generator speaks it: the chat's channel names, and each message written by hand as a JSON array
 * of one message (the generator's ids and texts need no more than standard string quoting).
 */
final class Bayeux {

    /** Where the CometD servlet and WebSocket transport listen. */
    static final String PATH = "/cometd";
    static final String HANDSHAKE = "/meta/handshake";
    static final String CONNECT = "/meta/connect";
    static final String SUBSCRIBE = "/meta/subscribe";
    static final String DISCONNECT = "/meta/disconnect";
    /** The service channel clients send chat messages to. */
    static final String SEND = "/service/chat";
    /** A conversation's room is {@code /chat/<conversationId>}. */
    static final String ROOM_PREFIX = "/chat/";
    static final String WEBSOCKET = "websocket";
    static final String LONG_POLLING = "long-polling";

    private static final JsonStringEncoder QUOTE = JsonStringEncoder.getInstance();

    private Bayeux() {
    }

    static String room(String conversationId) {
        return ROOM_PREFIX + conversationId;
    }

    static String handshake(String id, String connectionType) {
        return "[{\"id\":\"" + id + "\",\"channel\":\"" + HANDSHAKE + "\",\"version\":\"1.0\",\"minimumVersion\":\"1.0\","
                + "\"supportedConnectionTypes\":[\"" + connectionType + "\"],\"advice\":{\"timeout\":60000,\"interval\":0}}]";
    }

    /** The first connect after a handshake asks the server to answer at once ({@code advice.timeout: 0}). */
    static String connect(String id, String clientId, String connectionType, boolean first) {
        return "[{\"id\":\"" + id + "\",\"channel\":\"" + CONNECT + "\",\"clientId\":\"" + clientId
                + "\",\"connectionType\":\"" + connectionType + "\"" + (first ? ",\"advice\":{\"timeout\":0}" : "") + "}]";
    }

    static String subscribe(String id, String clientId, String channel) {
        return "[{\"id\":\"" + id + "\",\"channel\":\"" + SUBSCRIBE + "\",\"clientId\":\"" + clientId
                + "\",\"subscription\":\"" + channel + "\"}]";
    }

    static String publish(String id, String clientId, String channel, String dataJson) {
        return "[{\"id\":\"" + id + "\",\"channel\":\"" + channel + "\",\"clientId\":\"" + clientId
                + "\",\"data\":" + dataJson + "}]";
    }

    static String disconnect(String id, String clientId) {
        return "[{\"id\":\"" + id + "\",\"channel\":\"" + DISCONNECT + "\",\"clientId\":\"" + clientId + "\"}]";
    }

    /** A chat message's data, as {@link ChatService} expects it. */
    static String chatData(String conversationId, String clientMsgId, String from, String text) {
        return "{\"conversationId\":" + quote(conversationId) + ",\"clientMsgId\":" + quote(clientMsgId)
                + ",\"from\":\"" + from + "\",\"text\":" + quote(text) + "}";
    }

    static String quote(String s) {
        return "\"" + new String(QUOTE.quoteAsString(s)) + "\"";
    }

    /** The messages of one frame or response body: a JSON array, or a single object read as an array of one. */
    static JsonNode parse(String body) throws JsonProcessingException {
        JsonNode n = Json.MAPPER.readTree(body);
        return n.isArray() ? n : Json.MAPPER.createArrayNode().add(n);
    }
}
