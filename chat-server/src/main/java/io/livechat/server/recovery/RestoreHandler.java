package io.livechat.server.recovery;

import io.livechat.routing.Envelope;
import io.livechat.routing.NodeBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers gateways' {@link Envelope#RESTORE} requests, which every agent-server node receives on the
 * {@link Envelope#AGENT_TIER} channel: restores the visitor's conversation from PostgreSQL and answers the asking
 * node with {@link Envelope#RESTORED}. Several nodes may answer one request; the restore is idempotent and the
 * gateway takes the first answer. Nothing is answered when PostgreSQL failed: the gateway then answers its client
 * {@code unavailable} and the client retries.
 */
public final class RestoreHandler implements NodeBus.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreHandler.class);

    private final ConversationRestorer restorer;
    private final NodeBus replies;

    /** @param replies the bus the answers go out on (this node's own) */
    public RestoreHandler(ConversationRestorer restorer, NodeBus replies) {
        this.restorer = restorer;
        this.replies = replies;
    }

    /** Called on a Lettuce I/O thread: the work goes to the JDBC executor at once. */
    @Override
    public void onEnvelope(Envelope e) {
        if (e.kind() != Envelope.RESTORE) {
            return;
        }
        String sid = e.id();
        restorer.restoreVisitor(sid, e.json()).whenComplete((r, error) -> {
            if (error != null) {
                LOG.warn("could not restore the conversation of session {}: {}", sid, error.toString());
                return;
            }
            replies.send(e.flag(), new Envelope(Envelope.RESTORED, Envelope.VISITOR, sid,
                    "", r == null ? 0 : r.lastSeq(), 0, r == null ? "none" : "ok", r == null ? "" : r.epoch()));
        });
    }
}
