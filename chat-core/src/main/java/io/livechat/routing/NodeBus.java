package io.livechat.routing;

import io.livechat.metrics.ChatMetrics;
import io.livechat.store.NodeChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * This node's Redis pub/sub channel: receives envelopes addressed to the node and publishes envelopes straight
 * to the one node that should get them (never a broadcast). An envelope for a node running in the same process
 * (the one-process mode runs the gateway and the agent server side by side) skips Redis but takes the same way
 * in as one from Redis ({@link #deliver}): a failing handler is logged and counted, never thrown back at the
 * sender, whose acknowledgement does not depend on delivery.
 */
public final class NodeBus implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeBus.class);

    /**
     * Receives envelopes. Called on the Lettuce I/O thread of the node's subscription, or, for an envelope from a
     * node in the same process, on the sender's thread (usually a Lettuce I/O thread completing an accept). It must
     * only look up the recipient and hand the envelope to the recipient's event loop: never block, never write.
     */
    @FunctionalInterface
    public interface Handler {
        void onEnvelope(Envelope envelope);
    }

    private final String nodeId;
    private final NodeChannels channels;
    private final ChatMetrics metrics;
    private final Map<String, NodeBus> inProcess;
    private volatile Handler handler = e -> { };
    private volatile ScheduledFuture<?> aliveChecks;

    /** @param inProcess the buses of the nodes that share this process (one map per process owner) */
    public NodeBus(String nodeId, NodeChannels channels, ChatMetrics metrics, Map<String, NodeBus> inProcess) {
        this.nodeId = nodeId;
        this.inProcess = inProcess;
        this.channels = channels;
        this.metrics = metrics;
    }

    public String nodeId() {
        return nodeId;
    }

    /** Subscribes to this node's channel; Lettuce re-subscribes by itself after a reconnect. */
    public void start(Handler h) {
        this.handler = h;
        channels.subscribe(nodeId, this::dispatch);
        inProcess.put(nodeId, this);
    }

    private void dispatch(String message) {
        Envelope e;
        try {
            e = Envelope.decode(message);
        } catch (RuntimeException ex) {
            LOG.warn("dropping malformed envelope for node {}: {}", nodeId, ex.getMessage());
            return;
        }
        deliver(e);
    }

    /** The one way in for an envelope, from Redis or from a node in this process. */
    void deliver(Envelope e) {
        try {
            handler.onEnvelope(e);
        } catch (RuntimeException ex) {
            metrics.busHandlerError();
            LOG.error("envelope handler failed for {} {}", e.kind(), e.id(), ex);
        }
    }

    /** Checks that the subscription still delivers (see {@link NodeChannels#checkAlive}); the owner's timer. */
    public void checkAlive() {
        channels.checkAlive();
    }

    /** The owner's periodic {@link #checkAlive} job, stopped when this bus closes. */
    public void checkedBy(ScheduledFuture<?> job) {
        aliveChecks = job;
    }

    /**
     * Runs {@code hook} when envelopes for this node may have been lost although Redis stayed up (the channel's
     * subscription was re-established, or moved in a Redis Cluster failover): holders re-read their logs. Called on
     * a Redis I/O thread.
     */
    public void onGap(Runnable hook) {
        channels.onResubscribed(hook);
    }

    /** Sends to one node; an empty node id means nobody holds the target now (it recovers by resuming). */
    public CompletableFuture<Void> send(String targetNode, Envelope e) {
        if (targetNode == null || targetNode.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        NodeBus local = inProcess.get(targetNode);
        if (local != null) {
            local.deliver(e);
            return CompletableFuture.completedFuture(null);
        }
        return channels.publish(targetNode, e.encode()).thenAccept(ok -> {
            if (!ok) {
                metrics.redisError("publish");
            }
        });
    }

    /**
     * Passes an envelope for a session or agent this node no longer holds to the node the registry names now
     * ({@code holder} looks it up), once per hop up to {@link Envelope#MAX_HOPS}; nothing when no other node holds
     * it (the client recovers by resuming).
     */
    public void forward(Envelope e, Function<Envelope, CompletableFuture<String>> holder) {
        if (e.kind() == Envelope.MOVED || e.hop() >= Envelope.MAX_HOPS) {
            return;
        }
        holder.apply(e).thenAccept(node -> {
            if (node != null && !node.equals(nodeId)) {
                send(node, e.forwarded());
            }
        });
    }

    @Override
    public void close() {
        ScheduledFuture<?> checks = aliveChecks;
        if (checks != null) {
            checks.cancel(false);
        }
        inProcess.remove(nodeId, this);
        channels.close();
    }
}
