package io.livechat.load.peer.cometd;

import io.livechat.load.client.Visitor;
import io.livechat.load.report.Ledger;
import io.netty.channel.EventLoopGroup;

import java.util.concurrent.CompletableFuture;

/**
 * A visitor of the CometD peer over WebSocket or long-polling: a Bayeux session subscribed to its conversation's
 * room; it sends through {@link Bayeux#SEND} and counts, as our visitors do, every send, ack (the publish reply) or
 * refusal, and every message event in its room (its echoes included) in the {@link Ledger}.
 */
final class CometdVisitor extends CometdParty implements Visitor {

    private final String conversationId;

    CometdVisitor(BayeuxWire wire, EventLoopGroup timer, String conversationId, Ledger ledger) {
        super(wire, timer, ledger, true);
        this.conversationId = conversationId;
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
        publish(conversationId, clientMsgId, text);
    }
}
