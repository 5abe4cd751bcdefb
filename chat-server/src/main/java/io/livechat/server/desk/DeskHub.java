package io.livechat.server.desk;

import io.livechat.metrics.ChatMetrics;
import io.livechat.routing.Envelope;
import io.livechat.routing.NodeBus;
import io.livechat.store.AgentPresence;
import io.livechat.store.ConversationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agents' desks connected to this agent-server node: their presence leases, and the envelopes that arrive
 * on the node channel for them (forwarded to the node now named when the agent is no longer here).
 */
public final class DeskHub implements NodeBus.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(DeskHub.class);

    private final String nodeId;
    private final AgentPresence presence;
    private final ConversationStore conversations;
    private final ChatMetrics metrics;
    private final Map<String, Set<DeskConnection>> desks = new ConcurrentHashMap<>();
    private final Set<String> away = ConcurrentHashMap.newKeySet();
    private volatile NodeBus bus;

    public DeskHub(String nodeId, AgentPresence presence, ConversationStore conversations, ChatMetrics metrics) {
        this.nodeId = nodeId;
        this.presence = presence;
        this.conversations = conversations;
        this.metrics = metrics;
    }

    public void bind(NodeBus nodeBus) {
        this.bus = nodeBus;
    }

    /** Adds a desk and marks its agent online here; completes once the registry names this node. */
    public CompletableFuture<Void> register(DeskConnection desk) {
        desks.computeIfAbsent(desk.agentId(), k -> ConcurrentHashMap.newKeySet()).add(desk);
        away.remove(desk.agentId());
        return online(desk.agentId());
    }

    private CompletableFuture<Void> online(String agentId) {
        return presence.online(agentId, nodeId).thenCompose(assignments -> CompletableFuture.allOf(
                assignments.stream().map(this::handOver).toArray(CompletableFuture[]::new)));
    }

    /** Records a conversation handed out by presence on the conversation, then tells the agent's desk. */
    private CompletableFuture<Void> handOver(AgentPresence.Assignment a) {
        return conversations.setAgent(a.conversationId(), a.agentId()).thenAccept(exists -> {
            if (exists) {
                bus.send(a.agentNode(), new Envelope(Envelope.ASSIGN, Envelope.AGENT, a.agentId(),
                        a.conversationId(), 0, 0, "", ""));
            } else {
                presence.release(a.agentId(), a.conversationId()); // it expired while it waited
            }
        });
    }

    /**
     * Sets the agent's status: {@code away} keeps the desk connected but takes the agent out of assignment;
     * {@code online} puts it back and hands it waiting conversations. Every desk of the agent here is told.
     */
    public void setStatus(String agentId, String status) {
        if (!status.equals("online") && !status.equals("away")) {
            throw new io.livechat.protocol.ChatException(io.livechat.protocol.ErrorCode.BAD_REQUEST,
                    "status must be 'online' or 'away'");
        }
        CompletableFuture<?> done;
        if (status.equals("away")) {
            away.add(agentId);
            done = presence.away(agentId);
        } else {
            away.remove(agentId);
            done = online(agentId);
        }
        done.whenComplete((x, error) -> {
            if (error != null) {
                metrics.redisError("presence");
            }
            desks.getOrDefault(agentId, Set.of()).forEach(d -> d.status(status));
        });
    }

    public void unregister(DeskConnection desk) {
        Set<DeskConnection> set = desks.get(desk.agentId());
        if (set == null) {
            return;
        }
        set.remove(desk);
        if (set.isEmpty() && desks.remove(desk.agentId(), set)) {
            away.remove(desk.agentId());
            presence.offline(desk.agentId(), nodeId).exceptionally(e -> {
                metrics.redisError("presence");
                return false;
            });
        }
    }

    /** Called on a Lettuce I/O thread (see {@link NodeBus.Handler}): looks up; each desk's loop takes over. */
    @Override
    public void onEnvelope(Envelope e) {
        if (e.target() != Envelope.AGENT) {
            return;
        }
        Set<DeskConnection> set = desks.get(e.id());
        if (set == null || set.isEmpty()) {
            bus.forward(e, env -> presence.node(env.id()));
            return;
        }
        if (e.kind() == Envelope.RESET) {
            // Redis lost data: the agent's presence may be gone too, and with it the route of its next events
            presence.renew(e.id(), nodeId, !away.contains(e.id())).exceptionally(x -> false);
        }
        for (DeskConnection d : set) {
            switch (e.kind()) {
                case Envelope.EVENT -> d.deliver(e.conversationId(), e.seq(), e.json());
                case Envelope.ASSIGN -> d.assigned(e.conversationId());
                case Envelope.TYPING -> d.ephemeral(e.json());
                case Envelope.RESET -> d.reset(e.conversationId(), e.json());
                default -> LOG.debug("ignoring envelope kind {}", e.kind());
            }
        }
    }

    /** After Redis or its pub/sub was away, events may be lost: every desk here re-reads its conversations' logs. */
    public void resyncAll() {
        desks.values().forEach(set -> set.forEach(DeskConnection::resync));
    }

    /** Renews the presence lease of every agent with a desk here; called by the owner's timer. */
    public void refreshLeases() {
        desks.forEach((agentId, set) -> presence.renew(agentId, nodeId, !away.contains(agentId))
                .whenComplete((held, error) -> {
                    if (error != null) {
                        metrics.redisError("presence");
                    } else if (!held) {
                        set.forEach(DeskConnection::moved);
                    } else {
                        set.forEach(DeskConnection::verifyEpochs);
                    }
                }));
    }

    /**
     * An agent takes a waiting conversation: on success each of its desks here is told (an {@code assigned}
     * frame, then the conversation's messages from the log).
     */
    public CompletableFuture<Boolean> claim(String agentId, String conversationId) {
        return presence.claim(agentId, conversationId).thenCompose(got -> !got
                ? CompletableFuture.completedFuture(false)
                : conversations.setAgent(conversationId, agentId).thenApply(x -> {
                    onEnvelope(new Envelope(Envelope.ASSIGN, Envelope.AGENT, agentId, conversationId, 0, 0, "", ""));
                    return true;
                }));
    }

    public AgentPresence presence() {
        return presence;
    }

    public int agentsOnline() {
        return desks.size();
    }
}
