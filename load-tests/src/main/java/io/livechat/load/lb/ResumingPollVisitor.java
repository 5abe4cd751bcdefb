package io.livechat.load.lb;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.load.client.ClientGroup;
import io.livechat.load.client.HttpLane;
import io.livechat.load.client.HttpPool;
import io.livechat.load.client.HttpReply;
import io.livechat.load.client.Visitor;
import io.livechat.load.report.Ledger;
import io.livechat.protocol.Json;
import io.netty.handler.codec.http.HttpMethod;

/**
 * A {@link ResumingVisitor} over long-poll: its own keep-alive connection loops on
 * {@code GET /v1/poll?sid=…&after=<cursor>}
 * (token in the Authorization header); sends are {@code POST /v1/send?sid=…} through the shared pool.
 * A failed poll or send (connection closed, a balancer's 502/503/504, the server's 503) is a loss: the poll is
 * issued again from the same cursor, the send again with the same clientMsgId, each after the backoff.
 */
public final class ResumingPollVisitor extends ResumingVisitor {

    private final HttpLane poll;
    private final HttpPool pool;
    private boolean opening = true;

    public ResumingPollVisitor(ClientGroup clients, String host, int port, HttpPool pool, Visitor.Session session,
                               Ledger ledger, ResumeStats stats) {
        super(clients, host, port, session, ledger, stats);
        this.poll = new HttpLane(clients, host, port, 1);
        this.pool = pool;
    }

    @Override
    public String transport() {
        return "poll";
    }

    @Override
    protected boolean queuesWhileDown() {
        return false;
    }

    @Override
    protected void connect() {
        next();
        if (opening) {
            opening = false;
            awaitConnected(0); // a first poll is held until something happens: opened once it is on the wire
        }
    }

    private void next() {
        poll.request(HttpMethod.GET, "/v1/poll?" + session.query() + "&after=" + lastSeq(), null, session.token())
                .whenComplete((r, error) -> {
                    if (error == null && r.status() == 200) {
                        take(r.body());
                        markUp();
                        if (running) {
                            next();
                        }
                        return;
                    }
                    if (error == null && r.status() >= 400 && r.status() < 500) {
                        stats.refusedPolls.increment();
                    }
                    markLost();
                    later(() -> {
                        stats.reconnectAttempts.increment();
                        next();
                    });
                });
    }

    private void awaitConnected(int tries) {
        if (poll.active()) {
            markUp();
        } else if (tries < 200 && running) {
            loop.schedule(() -> awaitConnected(tries + 1), 50, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private void take(String body) {
        JsonNode r = Json.parseObject(body);
        for (JsonNode e : r.path("events")) {
            if ("message".equals(e.path("type").asText())) {
                onEvent(e.path("from").asText(), e.path("text").asText(), e.path("seq").asLong());
            }
        }
        advance(r.path("cursor").asLong(0));
    }

    @Override
    protected void transmit(String clientMsgId, String text) {
        String body = "{\"clientMsgId\":\"" + clientMsgId + "\",\"text\":\"" + text + "\"}";
        pool.post("/v1/send?" + session.query(), body, session.token()).whenComplete((r,
                error) -> answered(clientMsgId, text, r,
                error));
    }

    private void answered(String clientMsgId, String text, HttpReply r, Throwable error) {
        if (error == null && r.status() == 200) {
            onAck(clientMsgId, r.body().contains("\"duplicate\":true"));
            markUp();
        } else if (error == null && r.status() >= 400 && r.status() < 500) {
            onRefused(clientMsgId);
        } else {
            markLost();
            later(() -> {
                if (pending(clientMsgId)) {
                    stats.resends.increment();
                    transmit(clientMsgId, text);
                }
            });
        }
    }

    @Override
    public void close() {
        running = false;
        poll.close();
    }
}
