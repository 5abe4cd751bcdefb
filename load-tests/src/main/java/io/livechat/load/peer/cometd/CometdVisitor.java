package io.livechat.load.peer.cometd;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.load.client.Visitor;
import io.livechat.load.report.Ledger;
import io.netty.channel.EventLoopGroup;

import java.util.concurrent.CompletableFuture;

/**
 * A visitor of the CometD peer over WebSocket or long-polling: a Bayeux session subscribed to its conversation's
 * room; it sends through {@link Bayeux#SEND} and counts, as our visitors do, every send, ack (the publish reply) or
 * refusal, and every message event in its room (its echoes included) in the {@link Ledger}.
 */
final class CometdVisitor implements Visitor, BayeuxSession.Listener {

    private final String conversationId;
    private final Ledger ledger;
    private final BayeuxSession session;

    CometdVisitor(BayeuxWire wire, EventLoopGroup timer, String conversationId, Ledger ledger) {
        this.conversationId = conversationId;
        this.ledger = ledger;
        this.session = new BayeuxSession(wire, timer, this);
    }

    @Override
    public String conversationId() {
        return conversationId;
    }

    /** Handshakes, then joins the room; completes once the subscription is confirmed and the first connect answered. */
    @Override
    public CompletableFuture<Void> open() {
        return session.open().thenCompose(v -> session.subscribe(Bayeux.room(conversationId)));
    }

    @Override
    public void send(String clientMsgId, String text) {
        ledger.sent.increment();
        session.publish(Bayeux.SEND, Bayeux.chatData(conversationId, clientMsgId, "visitor", text),
                ledger.refused::increment);
    }

    @Override
    public void onEvent(String channel, JsonNode data) {
        ledger.onMessage(true, data.path("from").asText(), data.path("text").asText());
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
