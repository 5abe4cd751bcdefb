package io.livechat.routing;

import io.livechat.store.AcceptResult;
import io.livechat.store.AgentPresence;
import io.livechat.store.ConversationRoute;

/**
 * Sends an accepted message's event to the node that holds the visitor and to the node that holds the assigned
 * agent's desk, as the registry named them at acceptance: at most two publishes, never a broadcast.
 */
public final class EventRouter {

    private final NodeBus bus;
    private final AgentPresence presence;

    public EventRouter(NodeBus bus, AgentPresence presence) {
        this.bus = bus;
        this.presence = presence;
    }

    public void route(String conversationId, AcceptResult r) {
        if (r.duplicate()) {
            return;
        }
        bus.send(r.visitorNode(), new Envelope(Envelope.EVENT, Envelope.VISITOR, r.visitorSid(), conversationId,
                r.seq(), 0, "", r.event().json()));
        if (!r.agentId().isEmpty()) {
            bus.send(r.agentNode(), new Envelope(Envelope.EVENT, Envelope.AGENT, r.agentId(), conversationId,
                    r.seq(), 0, r.newlyAssigned() ? Envelope.ASSIGNED : "", r.event().json()));
        }
    }

    /** Passes an unsequenced event (typing, receipt) to the visitor's node, or to the agent's. */
    public void relay(ConversationRoute route, String conversationId, boolean toVisitor, String json) {
        if (toVisitor) {
            bus.send(route.visitorNode(), new Envelope(Envelope.TYPING, Envelope.VISITOR, route.visitorSid(),
                    conversationId, 0, 0, "", json));
        } else if (!route.agentId().isEmpty()) {
            presence.node(route.agentId()).thenAccept(node -> bus.send(node, new Envelope(Envelope.TYPING,
                    Envelope.AGENT, route.agentId(), conversationId, 0, 0, "", json)));
        }
    }

    public NodeBus bus() {
        return bus;
    }
}
