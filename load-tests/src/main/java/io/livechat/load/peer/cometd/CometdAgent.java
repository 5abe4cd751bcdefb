package io.livechat.load.peer.cometd;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.load.peer.PeerSystem;
import io.livechat.load.report.Ledger;
import io.netty.channel.EventLoopGroup;

import java.util.concurrent.CompletableFuture;

/**
 * An agent of the CometD peer: one Bayeux session over WebSocket, subscribed to the rooms of the conversations it
 * joins; it replies through {@link Bayeux#SEND} and reports to the {@link Ledger} as our agent desk does.
 */
final class CometdAgent implements PeerSystem.PeerAgent, BayeuxSession.Listener {

    private final Ledger ledger;
    private final BayeuxSession session;

    CometdAgent(BayeuxWire wire, EventLoopGroup timer, Ledger ledger) {
        this.ledger = ledger;
        this.session = new BayeuxSession(wire, timer, this);
    }

    @Override
    public CompletableFuture<Void> open() {
        return session.open();
    }

    @Override
    public CompletableFuture<Void> join(String conversationId) {
        return session.subscribe(Bayeux.room(conversationId));
    }

    @Override
    public void reply(String conversationId, String clientMsgId, String text) {
        ledger.sent.increment();
        session.publish(Bayeux.SEND, Bayeux.chatData(conversationId, clientMsgId, "agent", text),
                ledger.refused::increment);
    }

    @Override
    public void onEvent(String channel, JsonNode data) {
        ledger.onMessage(false, data.path("from").asText(), data.path("text").asText());
    }

    @Override
    public void onPublishReply(boolean successful) {
        (successful ? ledger.acked : ledger.refused).increment();
    }

    @Override
    public void close() {
        session.close();
    }
}
