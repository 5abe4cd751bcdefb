package io.livechat.store.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.livechat.store.NodeChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@link NodeChannels} on one Redis with plain pub/sub ({@code PUBLISH}/{@code SUBSCRIBE}); Lettuce re-subscribes
 * by itself after a reconnect.
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
        return publisher.publish(RedisKeys.nodeChannel(nodeId), message).toCompletableFuture()
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
