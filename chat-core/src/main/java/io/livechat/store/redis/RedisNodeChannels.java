package io.livechat.store.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.livechat.store.NodeChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * {@link NodeChannels} on Redis: plain pub/sub ({@code PUBLISH}/{@code SUBSCRIBE}) on one Redis, sharded pub/sub
 * ({@code SPUBLISH}/{@code SSUBSCRIBE}) on a cluster, where a node channel then lives on the master of its slot
 * only instead of being copied to every node of the cluster. Lettuce re-subscribes by itself after a reconnect.
 */
public final class RedisNodeChannels implements NodeChannels {

    private static final Logger LOG = LoggerFactory.getLogger(RedisNodeChannels.class);

    private final StatefulRedisPubSubConnection<String, String> subscription;
    private final RedisClusterAsyncCommands<String, String> publisher;
    private final RedisBackend backend;
    private final List<Runnable> resubscribed = new CopyOnWriteArrayList<>();
    private final List<String> shardChannels = new CopyOnWriteArrayList<>();

    /** @param subscription a pub/sub connection of its own, closed with this object */
    public RedisNodeChannels(StatefulRedisPubSubConnection<String, String> subscription, RedisBackend backend) {
        this.subscription = subscription;
        this.publisher = backend.async();
        this.backend = backend;
        if (subscription instanceof StatefulRedisClusterPubSubConnection) {
            backend.onTopologyChange(this::resubscribe);
        }
    }

    /**
     * Lettuce keeps a sharded subscription on the connection to the node that served the channel's slot, and does
     * not move it when a replica takes over that slot (redis/lettuce#3213): on every topology change the channels
     * are subscribed again, which reaches the slot's master now (a no-op where it did not move). The first attempt
     * may come while no node serves the slot; a later change event retries.
     */
    private void resubscribe() {
        if (shardChannels.isEmpty()) {
            return;
        }
        StatefulRedisClusterPubSubConnection<String, String> cluster =
                (StatefulRedisClusterPubSubConnection<String, String>) subscription;
        cluster.async().ssubscribe(shardChannels.toArray(String[]::new)).whenComplete((x, error) -> {
            if (error != null) {
                LOG.debug("re-subscribing {} after a topology change failed: {}", shardChannels, error.toString());
                return;
            }
            LOG.info("re-subscribed {} after a cluster topology change", shardChannels);
            resubscribed.forEach(Runnable::run);
        });
    }

    @Override
    public void onResubscribed(Runnable hook) {
        resubscribed.add(hook);
    }

    @Override
    public void subscribe(String nodeId, Consumer<String> listener) {
        String channel = RedisKeys.nodeChannel(nodeId);
        if (subscription instanceof StatefulRedisClusterPubSubConnection<String, String> cluster) {
            cluster.addListener(new RedisClusterPubSubAdapter<>() {
                @Override
                public void smessage(RedisClusterNode node, String ch, String message) {
                    if (channel.equals(ch)) {
                        listener.accept(message);
                    }
                }
            });
            cluster.sync().ssubscribe(channel);
            shardChannels.add(channel);
            return;
        }
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String ch, String message) {
                if (channel.equals(ch)) {
                    listener.accept(message);
                }
            }
        });
        subscription.sync().subscribe(channel);
    }

    @Override
    public CompletableFuture<Boolean> publish(String nodeId, String message) {
        String channel = RedisKeys.nodeChannel(nodeId);
        var sent = subscription instanceof StatefulRedisClusterPubSubConnection
                ? publisher.spublish(channel, message) : publisher.publish(channel, message);
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
        try {
            subscription.close();
        } catch (RuntimeException e) {
            LOG.debug("closing subscription: {}", e.toString());
        }
    }
}
