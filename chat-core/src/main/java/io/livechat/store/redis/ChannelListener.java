package io.livechat.store.redis;

import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.RedisPubSubListener;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The listener on one subscription connection (plain or sharded pub/sub): passes each message on by channel, and
 * tells a channel's second and later subscription confirmations apart, which mean Lettuce subscribed again after the
 * connection was re-established (or a topology change moved it), so messages published meanwhile were missed.
 * Called on Lettuce I/O threads.
 */
final class ChannelListener {

    private final BiConsumer<String, String> messages;
    private final Consumer<String> again;
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();

    /**
     * @param messages gets (channel, message)
     * @param again    gets a channel that was confirmed once before on this connection
     */
    ChannelListener(BiConsumer<String, String> messages, Consumer<String> again) {
        this.messages = messages;
        this.again = again;
    }

    private void confirmed(String channel) {
        if (!confirmed.add(channel)) {
            again.accept(channel);
        }
    }

    /** The form for a plain pub/sub connection. */
    RedisPubSubListener<String, String> plain() {
        return new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                messages.accept(channel, message);
            }

            @Override
            public void subscribed(String channel, long count) {
                confirmed(channel);
            }
        };
    }

    /** The form for a cluster pub/sub connection (sharded channels). */
    RedisClusterPubSubAdapter<String, String> sharded() {
        return new RedisClusterPubSubAdapter<>() {
            @Override
            public void smessage(RedisClusterNode node, String channel, String message) {
                messages.accept(channel, message);
            }

            @Override
            public void ssubscribed(RedisClusterNode node, String channel, long count) {
                confirmed(channel);
            }
        };
    }
}
