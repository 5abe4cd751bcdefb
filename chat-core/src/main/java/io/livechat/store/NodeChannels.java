package io.livechat.store;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One pub/sub channel per node: a message is published to exactly the node that should get it, never broadcast.
 * At most once: a message published while the receiver is away is lost, and receivers recover from the log.
 */
public interface NodeChannels extends AutoCloseable {

    /**
     * Subscribes to {@code nodeId}'s channel; re-subscribes by itself after a reconnect. The listener is called on
     * a store I/O thread: it must hand work off and never block.
     */
    void subscribe(String nodeId, Consumer<String> listener);

    /**
     * Registers what to do when messages may have been missed although Redis stayed reachable: after the
     * subscription was re-established (its connection cut or gone silent) or moved to a new server (a Redis Cluster
     * failover), everything published to the channel in between is lost. Called on a store I/O thread: the hook
     * must only hand work off.
     */
    void onResubscribed(Runnable hook);

    /**
     * Checks that the subscription still delivers; one that went silent (its connection open, nothing arriving) is
     * replaced and subscribed again, and the {@link #onResubscribed} hooks run. Called every second by the owner's
     * timer; never blocks.
     */
    default void checkAlive() {
    }

    /** Publishes to one node's channel; completes (never exceptionally) with false when it could not. */
    CompletableFuture<Boolean> publish(String nodeId, String message);

    /** Stops the subscription. */
    @Override
    void close();
}
