package io.livechat.load.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.load.report.Ledger;
import io.livechat.protocol.Json;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A visitor over long-poll: one keep-alive connection of its own loops on {@code GET /v1/poll} from its cursor,
 * and sends go through the shared {@link HttpPool} as {@code POST /v1/send}, as the widget does.
 */
public final class PollVisitor implements Visitor {

    private final ClientGroup clients;
    private final HttpLane poll;
    private final HttpPool pool;
    private final Session session;
    private final Ledger ledger;
    private volatile long cursor;
    private volatile boolean running;

    public PollVisitor(ClientGroup clients, String host, int port, HttpPool pool, Session session, Ledger ledger) {
        this.clients = clients;
        this.poll = new HttpLane(clients, host, port, 1);
        this.pool = pool;
        this.session = session;
        this.ledger = ledger;
    }

    @Override
    public String conversationId() {
        return session.conversationId();
    }

    @Override
    public CompletableFuture<Void> open() {
        running = true;
        CompletableFuture<Void> up = new CompletableFuture<>();
        next(up);
        return up;
    }

    /** Issues the next poll; {@code up}, when given, completes once the poll's connection is established. */
    private void next(CompletableFuture<Void> up) {
        if (!running) {
            return;
        }
        poll.request(io.netty.handler.codec.http.HttpMethod.GET, "/v1/poll?" + session.query() + "&after=" + cursor,
                null, session.token()).whenComplete((r, error) -> {
                    if (error == null && r.status() == 200) {
                        take(r.body());
                        next(null);
                    } else if (running) {
                        clients.group().schedule(() -> next(null), 100, TimeUnit.MILLISECONDS);
                    }
                });
        if (up != null) {
            waitConnected(up, 0);
        }
    }

    private void waitConnected(CompletableFuture<Void> up, int tries) {
        if (poll.active()) {
            up.complete(null);
        } else if (tries > 200 || !running) {
            up.completeExceptionally(new java.io.IOException("poll connection not established"));
        } else {
            clients.group().schedule(() -> waitConnected(up, tries + 1), 50, TimeUnit.MILLISECONDS);
        }
    }

    private void take(String body) {
        JsonNode r = Json.parseObject(body);
        for (JsonNode e : r.path("events")) {
            if ("message".equals(e.path("type").asText())) {
                ledger.onMessage(true, e.path("from").asText(), e.path("text").asText());
            }
        }
        cursor = Math.max(cursor, r.path("cursor").asLong(cursor));
    }

    @Override
    public void send(String clientMsgId, String text) {
        ledger.sent.increment();
        String body = "{\"clientMsgId\":\"" + clientMsgId + "\",\"text\":\"" + text + "\"}";
        pool.post("/v1/send?" + session.query(), body, session.token()).whenComplete((r, error) -> {
            if (error == null && r.status() == 200) {
                ledger.acked.increment();
            } else {
                ledger.refused.increment();
            }
        });
    }

    @Override
    public void close() {
        running = false;
        poll.close();
    }
}
