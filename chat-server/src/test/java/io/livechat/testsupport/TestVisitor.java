package io.livechat.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.protocol.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A visitor as the widget behaves: creates a session on a gateway, follows it over WebSocket or long-poll from
 * its last displayed seq, shows each message once (by seq), and can move to another gateway and resume.
 */
public final class TestVisitor implements AutoCloseable {

    public final String sid;
    public final String token;
    public final String conversationId;
    private final List<JsonNode> shown = new CopyOnWriteArrayList<>();
    private final List<JsonNode> resets = new CopyOnWriteArrayList<>();
    private volatile String epoch = "";
    private final AtomicLong lastSeq = new AtomicLong();
    private final AtomicBoolean following = new AtomicBoolean();
    private volatile WsClient ws;
    private volatile Thread poller;
    private volatile String gateway;
    private int wsSeen;

    private TestVisitor(String gateway, JsonNode created) {
        this(gateway, created.path("sid").asText(), created.path("token").asText(),
                created.path("conversationId").asText());
        this.epoch = created.path("epoch").asText("");
    }

    private TestVisitor(String gateway, String sid, String token, String conversationId) {
        this.gateway = gateway;
        this.sid = sid;
        this.token = token;
        this.conversationId = conversationId;
    }

    /** Another tab of the same visitor: same session, its own connection and its own displayed list. */
    public TestVisitor secondTab() {
        return new TestVisitor(gateway, sid, token, conversationId);
    }

    public static TestVisitor create(String gatewayBase, String siteKey) {
        Http.Reply r = Http.post(gatewayBase + "/v1/sessions", "{\"siteKey\":\"" + siteKey + "\",\"name\":\"Tess\"}");
        if (r.status() != 201) {
            throw new IllegalStateException("session not created: " + r);
        }
        return new TestVisitor(gatewayBase, r.json());
    }

    /** The URL part of an authenticated request: the {@code sid} only (the token goes in {@link #auth()}). */
    public String query() {
        return "sid=" + sid;
    }

    /** The header that carries the token. */
    public Map<String, String> auth() {
        return Map.of("Authorization", "Bearer " + token);
    }

    /** The query of a WebSocket upgrade on {@code gatewayBase}: {@code sid} and a fresh single-use ticket. */
    public String wsQuery(String gatewayBase) {
        Http.Reply r = Http.post(gatewayBase + "/v1/ws-ticket?" + query(), "", auth());
        if (r.status() != 200) {
            throw new IllegalStateException("no WebSocket ticket: " + r);
        }
        return query() + "&ticket=" + r.json().path("ticket").asText();
    }

    /** Starts following from the last shown seq on {@code gatewayBase}. */
    public synchronized TestVisitor follow(String gatewayBase, Transport transport) {
        stop();
        gateway = gatewayBase;
        following.set(true);
        if (transport == Transport.WEBSOCKET) {
            wsSeen = 0;
            ws = WsClient.connect(gatewayBase.replace("http", "ws") + "/v1/ws?" + wsQuery(gatewayBase) + "&after="
                    + lastSeq.get()
                    + epochParam());
            return this;
        } else {
            String base = gatewayBase;
            poller = new Thread(() -> {
                while (following.get()) {
                    try {
                        Http.Reply r = Http.get(base + "/v1/poll?" + query() + "&after=" + lastSeq.get() + "&tab=t"
                                + epochParam(), auth());
                        if (r.status() == 200) {
                            r.json().path("events").forEach(this::show);
                            if (r.json().has("epoch")) {
                                epoch = r.json().path("epoch").asText();
                            }
                        } else if (following.get()) {
                            Thread.sleep(100);
                        }
                    } catch (RuntimeException | InterruptedException e) {
                        if (!following.get()) {
                            return;
                        }
                    }
                }
            }, "poll-follower-" + sid);
        }
        poller.setDaemon(true);
        poller.start();
        return this;
    }

    /** Moves frames that arrived on the WebSocket into the shown list. */
    private synchronized void sync() {
        WsClient c = ws;
        if (c != null) {
            List<JsonNode> frames = c.frames();
            for (; wsSeen < frames.size(); wsSeen++) {
                show(frames.get(wsSeen));
            }
        }
    }

    private String epochParam() {
        return epoch.isEmpty() ? "" : "&epoch=" + epoch;
    }

    /** As the widget does: a reset drops what is shown; the restored history follows from its start. */
    private synchronized void show(JsonNode event) {
        if ("reset".equals(event.path("type").asText())) {
            resets.add(event);
            shown.clear();
            lastSeq.set(0);
            epoch = event.path("epoch").asText();
            return;
        }
        if ("message".equals(event.path("type").asText()) && event.path("seq").asLong() > lastSeq.get()) {
            shown.add(event);
            lastSeq.set(event.path("seq").asLong());
        }
    }

    /** Points later sends at another gateway (the balancer moved this visitor) without following there. */
    public TestVisitor moveTo(String gatewayBase) {
        gateway = gatewayBase;
        return this;
    }

    /** Sends over HTTP; returns the reply (ack or error). */
    public Http.Reply send(String clientMsgId, String text) {
        return Http.post(gateway + "/v1/send?" + query(), Json.write(Json.object().put("clientMsgId", clientMsgId)
                .put("text", text)), auth());
    }

    /** Sends a frame on the WebSocket it follows with. */
    public void sendFrame(String json) {
        ws.send(json);
    }

    public WsClient ws() {
        return ws;
    }

    public List<JsonNode> shown() {
        sync();
        return shown;
    }

    /** The {@code reset} events received so far. */
    public List<JsonNode> resets() {
        sync();
        return resets;
    }

    /** The epoch of the log this visitor follows, as it last learnt it. */
    public String epoch() {
        return epoch;
    }

    public List<Long> shownSeqs() {
        List<Long> out = new ArrayList<>();
        shown().forEach(e -> out.add(e.path("seq").asLong()));
        return out;
    }

    public List<String> shownTexts() {
        List<String> out = new ArrayList<>();
        shown().forEach(e -> out.add(e.path("text").asText()));
        return out;
    }

    public long lastSeq() {
        sync();
        return lastSeq.get();
    }

    /** Stops following (the WebSocket is aborted, the poll loop ends after its current poll). */
    public void stop() {
        following.set(false);
        sync();
        if (ws != null) {
            ws.abort();
            ws = null;
        }
        if (poller != null) {
            poller.interrupt();
            poller = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
