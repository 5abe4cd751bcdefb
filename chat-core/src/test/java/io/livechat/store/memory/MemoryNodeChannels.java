package io.livechat.store.memory;

import io.livechat.store.NodeChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * {@link NodeChannels} over an in-memory {@link Broker} that the nodes of one test share, as they would share a
 * Redis. Like Redis pub/sub, delivery is at most once (nothing is kept for a node that is not subscribed) and
 * asynchronous: each subscription has its own thread, so the listener never runs on the publisher's thread and
 * sees one publisher's messages in order.
 */
public final class MemoryNodeChannels implements NodeChannels {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryNodeChannels.class);

    /** Routes each published message to the subscriptions of its node; one per set of nodes that talk. */
    public static final class Broker {

        private final Map<String, Set<Subscription>> byNode = new ConcurrentHashMap<>();

        void add(Subscription s) {
            byNode.computeIfAbsent(s.nodeId, k -> ConcurrentHashMap.newKeySet()).add(s);
        }

        void remove(Subscription s) {
            byNode.getOrDefault(s.nodeId, Set.of()).remove(s);
        }

        void publish(String nodeId, String message) {
            byNode.getOrDefault(nodeId, Set.of()).forEach(s -> s.deliver(message));
        }
    }

    /** One subscribed node: its listener, called on the subscription's own thread. */
    private static final class Subscription {

        private final String nodeId;
        private final Consumer<String> listener;
        private final ExecutorService thread;
        private volatile boolean open = true;

        Subscription(String nodeId, Consumer<String> listener) {
            this.nodeId = nodeId;
            this.listener = listener;
            this.thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "memory-channel-" + nodeId);
                t.setDaemon(true);
                return t;
            });
        }

        void deliver(String message) {
            try {
                thread.execute(() -> {
                    if (!open) {
                        return; // closed meanwhile: lost, as on a closed Redis connection
                    }
                    try {
                        listener.accept(message);
                    } catch (RuntimeException e) {
                        LOG.error("listener of node {} failed", nodeId, e);
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.debug("node {} closed its channel; message lost", nodeId);
            }
        }

        void close() {
            open = false;
            thread.shutdown();
        }
    }

    private final Broker broker;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    public MemoryNodeChannels(Broker broker) {
        this.broker = broker;
    }

    @Override
    public void subscribe(String nodeId, Consumer<String> listener) {
        Subscription s = new Subscription(nodeId, listener);
        subscriptions.add(s);
        broker.add(s);
    }

    @Override
    public CompletableFuture<Boolean> publish(String nodeId, String message) {
        broker.publish(nodeId, message);
        return CompletableFuture.completedFuture(true);
    }

    /** The in-memory broker never moves a subscription: nothing is ever missed this way. */
    @Override
    public void onResubscribed(Runnable hook) {
    }

    @Override
    public void close() {
        subscriptions.forEach(s -> {
            broker.remove(s);
            s.close();
        });
        subscriptions.clear();
    }
}
