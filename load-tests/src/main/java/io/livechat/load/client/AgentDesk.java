package io.livechat.load.client;

import io.livechat.load.report.Ledger;
import io.livechat.protocol.Json;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An agent's desk over {@code /desk/ws}: logs in with {@code POST /api/login}, says hello, counts the messages it
 * is shown, learns which conversations are assigned to it, and replies in them.
 */
public final class AgentDesk implements Agent, WsClient.Listener {

    /** The text a visitor's first (unmeasured) message carries, so that the desk learns the conversation. */
    public static final String WARMUP_PREFIX = "W";

    private final Ledger ledger;
    private final Map<String, Agent> owners;
    private final CompletableFuture<Void> welcomed = new CompletableFuture<>();
    private WsClient ws;

    /** @param owners shared map from conversation id to the desk it is assigned to, filled as warm-ups arrive */
    public AgentDesk(Ledger ledger, Map<String, Agent> owners) {
        this.ledger = ledger;
        this.owners = owners;
    }

    /** Logs in and connects; completes once the server's {@code welcome} arrived. */
    public CompletableFuture<Void> open(ClientGroup clients, HttpPool agentApi, String host, int port,
                                        String email, String password) {
        String login = Json.write(Json.object().put("email", email).put("password", password));
        agentApi.post("/api/login", login, null).thenAccept(r -> {
            if (r.status() != 200) {
                throw new IllegalStateException("login of " + email + " failed: " + r);
            }
            String token = Json.parseObject(r.body()).path("token").asText();
            ws = WsClient.connect(clients, host, port, "/desk/ws", token, this, 0);
            ws.opened().thenRun(() -> ws.send("{\"type\":\"hello\",\"cursors\":{}}"))
                    .exceptionally(e -> {
                        welcomed.completeExceptionally(e);
                        return null;
                    });
        }).exceptionally(e -> {
            welcomed.completeExceptionally(e);
            return null;
        });
        return welcomed;
    }

    @Override
    public void onText(String text) {
        String type = FrameScan.field(text, "type");
        if ("message".equals(type)) {
            String from = FrameScan.field(text, "from");
            String body = FrameScan.field(text, "text");
            if ("visitor".equals(from) && body != null && body.startsWith(WARMUP_PREFIX)) {
                owners.put(FrameScan.field(text, "conversationId"), this);
            }
            ledger.onMessage(false, from, body);
        } else if ("ack".equals(type)) {
            ledger.acked.increment();
        } else if ("error".equals(type)) {
            ledger.refused.increment();
        } else if ("welcome".equals(type)) {
            welcomed.complete(null);
        }
    }

    /**
     * Each visitor says an unmeasured hello ({@link #WARMUP_PREFIX}), which has the server assign its conversation;
     * waits (on the caller's thread, never an event loop) until the desks have learnt all of them in {@code owners}.
     */
    public static void helloAndAwaitAssignment(List<? extends Visitor> visitors, Map<String, Agent> owners)
            throws InterruptedException {
        for (int i = 0; i < visitors.size(); i++) {
            visitors.get(i).send("w" + i, WARMUP_PREFIX + i);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (owners.size() < visitors.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + owners.size() + " of " + visitors.size()
                        + " conversations reached an agent within 60 s");
            }
            Thread.sleep(50);
        }
    }

    /** Replies in a conversation assigned to this desk. */
    @Override
    public void reply(String conversationId, String clientMsgId, String text) {
        ledger.sent.increment();
        ws.send("{\"type\":\"send\",\"conversationId\":\"" + conversationId + "\",\"clientMsgId\":\"" + clientMsgId
                + "\",\"text\":\"" + text + "\"}");
    }

    @Override
    public void close() {
        if (ws != null) {
            ws.close();
        }
    }
}
