package io.livechat.load.peer.cometd;

import io.livechat.load.peer.PeerSystem;
import io.livechat.load.report.Ledger;
import io.netty.channel.EventLoopGroup;

import java.util.concurrent.CompletableFuture;

/**
 * An agent of the CometD peer: one Bayeux session over WebSocket, subscribed to the rooms of the conversations it
 * joins; it replies through {@link Bayeux#SEND} and reports to the {@link Ledger} as our agent desk does.
 */
final class CometdAgent extends CometdParty implements PeerSystem.PeerAgent {

    CometdAgent(BayeuxWire wire, EventLoopGroup timer, Ledger ledger) {
        super(wire, timer, ledger, false);
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
        publish(conversationId, clientMsgId, text);
    }
}
