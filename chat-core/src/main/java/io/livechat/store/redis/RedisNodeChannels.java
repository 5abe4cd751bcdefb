package io.livechat.store.redis;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.livechat.store.NodeChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * {@link NodeChannels} on Redis: plain pub/sub ({@code PUBLISH}/{@code SUBSCRIBE}) on one Redis, sharded pub/sub
 * ({@code SPUBLISH}/{@code SSUBSCRIBE}) on a cluster, where a node channel then lives on the master of its slot
 * only instead of being copied to every node of the cluster.
 *
 * <p>Two ways a subscription stops delivering without Redis looking down: its connection is cut (Lettuce
 * reconnects and subscribes again by itself; the second confirmation of a channel tells us so), or it goes silent
 * (a stalled proxy or network path: the TCP connection stays open and nothing arrives). {@link #checkAlive} sends
 * a {@code PING} on the subscription every second; one that times out (Lettuce's command timeout, or
 * {@link #STALL_MILLIS}) means the connection is silent, and it is replaced by a new one, subscribed to the same
 * channels. Either way the {@link #onResubscribed} hooks then run, so that holders re-read their logs for what was
 * published meanwhile. On a cluster the PING reaches the connection's default node only, so a silent connection
 * to another node that serves a sharded channel is noticed only when it is cut.
 */
public final class RedisNodeChannels implements NodeChannels {

    private static final Logger LOG = LoggerFactory.getLogger(RedisNodeChannels.class);
    /** A PING on the subscription unanswered this long means the connection went silent. */
    static final long STALL_MILLIS = 3000;

    private final RedisBackend backend;
    private final RedisClusterAsyncCommands<String, String> publisher;
    private final boolean cluster;
    private final Map<String, Consumer<String>> listeners = new ConcurrentHashMap<>(); // by channel
    private final List<Runnable> resubscribed = new CopyOnWriteArrayList<>();
    private final AtomicBoolean replacing = new AtomicBoolean();
    private volatile StatefulRedisPubSubConnection<String, String> subscription;
    private volatile boolean closed;
    // the liveness check's state: only the owner's timer thread reads or replaces them
    private CompletableFuture<String> ping = CompletableFuture.completedFuture("PONG");
    private long pingSentNanos;

    /** @param subscription a pub/sub connection of its own, closed with this object */
    public RedisNodeChannels(StatefulRedisPubSubConnection<String, String> subscription, RedisBackend backend) {
        this.backend = backend;
        this.publisher = backend.async();
        this.cluster = subscription instanceof StatefulRedisClusterPubSubConnection;
        this.subscription = subscription;
        listen(subscription);
        if (cluster) {
            backend.onTopologyChange(this::subscribeAgain);
        }
    }

    private void listen(StatefulRedisPubSubConnection<String, String> c) {
        ChannelListener l = new ChannelListener(this::dispatch, this::resubscribedByLettuce);
        if (c instanceof StatefulRedisClusterPubSubConnection<String, String> cc) {
            cc.addListener(l.sharded());
        } else {
            c.addListener(l.plain());
        }
    }

    private void dispatch(String channel, String message) {
        Consumer<String> l = listeners.get(channel);
        if (l != null) {
            l.accept(message);
        }
    }

    private void resubscribedByLettuce(String channel) {
        LOG.info("subscribed to {} again (the subscription's connection was re-established)", channel);
        resubscribed.forEach(Runnable::run);
    }

    /**
     * Lettuce keeps a sharded subscription on the connection to the node that served the channel's slot, and does
     * not move it when a replica takes over that slot (redis/lettuce#3213): on every topology change the channels
     * are subscribed again, which reaches the slot's master now; its confirmation runs the hooks. The first attempt
     * may come while no node serves the slot; a later change event retries.
     */
    private void subscribeAgain() {
        if (listeners.isEmpty()) {
            return;
        }
        subscribe(subscription, listeners.keySet().toArray(String[]::new)).whenComplete((x, error) -> {
            if (error != null) {
                LOG.debug("re-subscribing {} after a topology change failed: {}", listeners.keySet(), error.toString());
            }
        });
    }

    private CompletableFuture<Void> subscribe(StatefulRedisPubSubConnection<String, String> c, String... channels) {
        var done = c instanceof StatefulRedisClusterPubSubConnection<String, String> cc
                ? cc.async().ssubscribe(channels) : c.async().subscribe(channels);
        return done.toCompletableFuture();
    }

    @Override
    public void onResubscribed(Runnable hook) {
        resubscribed.add(hook);
    }

    @Override
    public void subscribe(String nodeId, Consumer<String> listener) {
        String channel = RedisKeys.nodeChannel(nodeId);
        listeners.put(channel, listener);
        subscribe(subscription, channel).join();
    }

    /**
     * Sends a PING on the subscription unless one is in flight; replaces the connection when the one in flight has
     * gone unanswered for {@link #STALL_MILLIS}. Called every second by the owner's timer; never blocks.
     */
    @Override
    public void checkAlive() {
        if (closed || replacing.get()) {
            return;
        }
        if (!ping.isDone()) {
            if (System.nanoTime() - pingSentNanos > TimeUnit.MILLISECONDS.toNanos(STALL_MILLIS)) {
                LOG.warn("the node channel subscription answered no PING for {} ms: replacing its connection",
                        STALL_MILLIS);
                replace();
            }
            return;
        }
        if (timedOut(ping)) {
            // Lettuce's own command timeout gave up on it first; a disconnected connection fails otherwise, at once
            LOG.warn("the node channel subscription's PING timed out: replacing its connection");
            replace();
            return;
        }
        pingSentNanos = System.nanoTime();
        try {
            ping = subscription.async().ping().toCompletableFuture();
        } catch (RuntimeException e) {
            ping = CompletableFuture.failedFuture(e); // disconnected: Lettuce reconnects by itself
        }
    }

    private static boolean timedOut(CompletableFuture<String> done) {
        Throwable error = done.handle((pong, e) -> e).join();
        if (error instanceof CompletionException) {
            error = error.getCause();
        }
        return error instanceof RedisCommandTimeoutException;
    }

    /** Opens a new subscription connection, subscribes it to every channel, then lets the silent one go. */
    private void replace() {
        replacing.set(true);
        backend.newPubSubAsync().thenCompose(fresh -> {
            listen(fresh);
            return subscribe(fresh, listeners.keySet().toArray(String[]::new)).thenApply(x -> fresh);
        }).whenComplete((fresh, error) -> {
            if (error != null) {
                LOG.warn("could not replace the silent subscription (tried again in {} ms): {}", STALL_MILLIS,
                        error.toString());
                pingSentNanos = System.nanoTime();
                replacing.set(false);
                return;
            }
            StatefulRedisPubSubConnection<String, String> silent = subscription;
            subscription = fresh;
            ping = CompletableFuture.completedFuture("PONG");
            silent.closeAsync();
            replacing.set(false);
            if (closed) {
                fresh.closeAsync();
                return;
            }
            LOG.info("node channel subscription replaced: {}", listeners.keySet());
            resubscribed.forEach(Runnable::run);
        });
    }

    @Override
    public CompletableFuture<Boolean> publish(String nodeId, String message) {
        String channel = RedisKeys.nodeChannel(nodeId);
        var sent = cluster ? publisher.spublish(channel, message) : publisher.publish(channel, message);
        return sent.toCompletableFuture()
                .handle((n, error) -> {
                    if (error != null) {
                        LOG.debug("publish to {} failed: {}", nodeId, error.toString());
                        return false;
                    }
                    return true;
                });
    }

    @Override
    public void close() {
        closed = true;
        try {
            subscription.close();
        } catch (RuntimeException e) {
            LOG.debug("closing subscription: {}", e.toString());
        }
    }
}
