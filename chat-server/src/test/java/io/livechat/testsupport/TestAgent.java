package io.livechat.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livechat.protocol.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An agent's desk as the real one behaves: logs in, connects with its cursors, shows each message once by seq. */
public final class TestAgent implements AutoCloseable {

    public final String token;
    private final Map<String, List<JsonNode>> shown = new ConcurrentHashMap<>();
    private final Map<String, String> epochs = new ConcurrentHashMap<>();
    private final List<JsonNode> resets = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile WsClient ws;
    private volatile int seen;

    private TestAgent(String token) {
        this.token = token;
    }

    public static TestAgent login(String serverBase, String email, String password) {
        Http.Reply r = Http.post(serverBase + "/api/login", Json.write(Json.object().put("email", email)
                .put("password", password)));
        if (r.status() != 200) {
            throw new IllegalStateException("login failed: " + r);
        }
        return new TestAgent(r.json().path("token").asText());
    }

    /** Opens the desk on {@code serverBase} and says hello with the cursors of everything shown so far. */
    public TestAgent connect(String serverBase) {
        ws = WsClient.connect(serverBase.replace("http", "ws") + "/desk/ws?" + deskQuery(serverBase));
        seen = 0;
        ObjectNode hello = Json.object().put("type", "hello");
        ObjectNode cursors = hello.putObject("cursors");
        shown.forEach((conv, list) -> cursors.put(conv, list.isEmpty() ? 0 : list.get(list.size() - 1)
                .path("seq").asLong()));
        ObjectNode known = hello.putObject("epochs");
        epochs.forEach(known::put);
        ws.send(Json.write(hello));
        return this;
    }

    /** The header that carries the token. */
    public Map<String, String> auth() {
        return Map.of("Authorization", "Bearer " + token);
    }

    /** The query of a desk upgrade on {@code serverBase}: a fresh single-use ticket, as the desk does. */
    public String deskQuery(String serverBase) {
        return deskQuery(serverBase, token);
    }

    /** The query of a desk upgrade for {@code token}: a fresh single-use ticket. */
    public static String deskQuery(String serverBase, String token) {
        Http.Reply r = Http.post(serverBase + "/api/ws-ticket", "", Map.of("Authorization", "Bearer " + token));
        if (r.status() != 200) {
            throw new IllegalStateException("no WebSocket ticket: " + r);
        }
        return "ticket=" + r.json().path("ticket").asText();
    }

    /** Moves new frames into the shown lists (by seq, once) and returns the messages of one conversation. */
    public synchronized List<JsonNode> messages(String conversationId) {
        List<JsonNode> frames = ws.frames();
        for (; seen < frames.size(); seen++) {
            JsonNode f = frames.get(seen);
            String type = f.path("type").asText();
            if ("welcome".equals(type)) {
                f.path("conversations").forEach(this::learnEpoch);
            } else if ("assigned".equals(type)) {
                learnEpoch(f.path("conversation"));
            } else if ("reset".equals(type)) {
                // as the desk does: the conversation's transcript is dropped and shown again from what follows
                resets.add(f);
                epochs.put(f.path("conversationId").asText(), f.path("epoch").asText());
                shown.remove(f.path("conversationId").asText());
            }
            if ("message".equals(type)) {
                List<JsonNode> list = shown.computeIfAbsent(f.path("conversationId").asText(),
                        k -> new java.util.concurrent.CopyOnWriteArrayList<>());
                long last = list.isEmpty() ? 0 : list.get(list.size() - 1).path("seq").asLong();
                if (f.path("seq").asLong() > last) {
                    list.add(f);
                }
            }
        }
        return shown.getOrDefault(conversationId, List.of());
    }

    private void learnEpoch(JsonNode conv) {
        if (!conv.path("epoch").asText("").isEmpty()) {
            epochs.put(conv.path("conversationId").asText(), conv.path("epoch").asText());
        }
    }

    /** The {@code reset} frames received so far (on every connection). */
    public synchronized List<JsonNode> resets() {
        messages("");
        return resets;
    }

    public List<Long> seqs(String conversationId) {
        List<Long> out = new ArrayList<>();
        messages(conversationId).forEach(e -> out.add(e.path("seq").asLong()));
        return out;
    }

    /** Every message frame received on the current connection, duplicates included. */
    public List<JsonNode> rawMessages(String conversationId) {
        return ws.frames("message").stream()
                .filter(f -> conversationId.equals(f.path("conversationId").asText())).toList();
    }

    public void reply(String conversationId, String clientMsgId, String text) {
        ws.send(Json.write(Json.object().put("type", "send").put("conversationId", conversationId)
                .put("clientMsgId", clientMsgId).put("text", text)));
    }

    public WsClient ws() {
        return ws;
    }

    /** Drops the desk's connection without a goodbye. */
    public void drop() {
        messages("");
        ws.abort();
    }

    @Override
    public void close() {
        if (ws != null) {
            ws.abort();
        }
    }
}
