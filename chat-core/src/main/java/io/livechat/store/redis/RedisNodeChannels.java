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

import java.util.concurrent.CompletableFuture;
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

    /** @param subscription a pub/sub connection of its own, closed with this object */
    public RedisNodeChannels(StatefulRedisPubSubConnection<String, String> subscription,
                             RedisClusterAsyncCommands<String, String> publisher) {
        this.subscription = subscription;
        this.publisher = publisher;
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
