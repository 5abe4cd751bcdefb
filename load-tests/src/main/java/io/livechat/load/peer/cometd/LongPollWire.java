package io.livechat.load.peer.cometd;

import io.livechat.load.client.ClientGroup;
import io.livechat.load.client.HttpLane;
import io.livechat.load.client.HttpPool;
import io.livechat.load.client.HttpReply;
import io.netty.handler.codec.http.HttpMethod;

import java.util.concurrent.CompletableFuture;

/**
 * Bayeux over HTTP long-polling, as a browser does it with two connections: {@code /meta/connect} on a keep-alive
 * connection of the session's own (the server holds it until there is something to say or its timeout), every other
 * batch as a {@code POST} on the generator's shared keep-alive lanes. Every answer's body may carry events too.
 */
final class LongPollWire implements BayeuxWire {

    private final HttpLane connectLane;
    private final HttpPool pool;
    private volatile BayeuxSession session;

    LongPollWire(ClientGroup clients, String host, int port, HttpPool pool) {
        this.connectLane = new HttpLane(clients, host, port, 1);
        this.pool = pool;
    }

    @Override
    public String connectionType() {
        return Bayeux.LONG_POLLING;
    }

    @Override
    public CompletableFuture<Void> open(BayeuxSession session) {
        this.session = session;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void send(String batch, boolean connect, Runnable onFailure) {
        CompletableFuture<HttpReply> reply = connect
                ? connectLane.request(HttpMethod.POST, Bayeux.PATH + "/connect", batch, null)
                : pool.post(Bayeux.PATH, batch, null);
        reply.whenComplete((r, error) -> {
            if (error == null && r.status() == 200) {
                session.receive(r.body());
            } else {
                onFailure.run();
            }
        });
    }

    @Override
    public void close() {
        connectLane.close();
    }
}
