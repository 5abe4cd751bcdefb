package io.livechat.server.recovery;

import io.livechat.delivery.HistoryReader;
import io.livechat.routing.Envelope;
import io.livechat.routing.HistoryRequests;
import io.livechat.routing.NodeBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers gateways' {@link Envelope#HISTORY} requests, which every agent-server node receives on the
 * {@link Envelope#AGENT_TIER} channel: reads the range from PostgreSQL and answers the asking node with
 * {@link Envelope#HISTORY_PAGE}, or with {@code error} when PostgreSQL failed (so that the visitor gets its gap frame
 * at once rather than after the gateway's timeout). Several nodes may answer; the gateway takes the first answer.
 */
public final class HistoryHandler implements NodeBus.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryHandler.class);

    private final HistoryReader history;
    private final NodeBus replies;

    /** @param replies the bus the answers go out on (this node's own) */
    public HistoryHandler(HistoryReader history, NodeBus replies) {
        this.history = history;
        this.replies = replies;
    }

    /** Called on a Lettuce I/O thread (or a gateway's loop in one process): the read goes to the JDBC executor. */
    @Override
    public void onEnvelope(Envelope e) {
        if (e.kind() != Envelope.HISTORY) {
            return;
        }
        long upto;
        try {
            upto = Long.parseLong(e.json());
        } catch (NumberFormatException ex) {
            LOG.warn("malformed history request from node {}: {}", e.flag(), e.json());
            return;
        }
        history.read(e.conversationId(), e.seq(), upto, null).whenComplete((events, error) -> {
            if (error != null) {
                LOG.warn("could not read ({}, {}] of conversation {} from PostgreSQL: {}", e.seq(), upto,
                        e.conversationId(), error.toString());
            }
            replies.send(e.flag(), new Envelope(Envelope.HISTORY_PAGE, Envelope.VISITOR, e.id(), e.conversationId(),
                    upto, 0, error == null ? "ok" : "error", error == null ? HistoryRequests.page(events) : ""));
        });
    }
}
