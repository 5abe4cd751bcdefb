package io.livechat.load.peer.cometd;

import com.fasterxml.jackson.databind.JsonNode;
import io.livechat.load.report.Ledger;
import io.netty.channel.EventLoopGroup;

/**
 * What a CometD visitor and agent share: one Bayeux session, sends through {@link Bayeux#SEND}, and the
 * {@link Ledger} counts our own clients keep: every send, ack (the publish reply) or refusal, and every message
 * event in its rooms (its echoes included).
 */
abstract class CometdParty implements BayeuxSession.Listener {

    protected final Ledger ledger;
    protected final BayeuxSession session;
    private final boolean visitor;

    /** @param visitor whether this party is a visitor (else an agent): its {@code from} and ledger side */
    CometdParty(BayeuxWire wire, EventLoopGroup timer, Ledger ledger, boolean visitor) {
        this.ledger = ledger;
        this.visitor = visitor;
        this.session = new BayeuxSession(wire, timer, this);
    }

    /** Sends a chat message in a conversation; its reply is counted as ack or refusal. Never blocks. */
    protected void publish(String conversationId, String clientMsgId, String text) {
        ledger.sent.increment();
        session.publish(Bayeux.SEND, Bayeux.chatData(conversationId, clientMsgId, visitor ? "visitor" : "agent", text),
                ledger.refused::increment);
    }

    @Override
    public void onEvent(String channel, JsonNode data) {
        ledger.onMessage(visitor, data.path("from").asText(), data.path("text").asText());
    }

    @Override
    public void onPublishReply(boolean successful) {
        (successful ? ledger.acked : ledger.refused).increment();
    }

    /** Disconnects the session ({@code /meta/disconnect}). */
    public void close() {
        session.close();
    }
}
