package io.livechat.testsupport;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a test reads or changes in Redis directly, the same way on one Redis and on a Redis Cluster: plain commands,
 * and a node channel's messages (plain pub/sub on one Redis, sharded pub/sub on a cluster, as the nodes use them).
 */
public final class RawRedis implements AutoCloseable {

    private final RedisClient client;
    private final RedisClusterClient clusterClient;
    private final RedisClusterCommands<String, String> sync;

    RawRedis(String redisUrl, String clusterSeeds) {
        if (clusterSeeds == null || clusterSeeds.isBlank()) {
            client = RedisClient.create(redisUrl);
            clusterClient = null;
            sync = client.connect().sync();
        } else {
            client = null;
            clusterClient = RedisClusterClient.create(Arrays.stream(clusterSeeds.split(",")).map(RedisURI::create)
                    .toList());
            sync = clusterClient.connect().sync();
        }
    }

    public RedisClusterCommands<String, String> sync() {
        return sync;
    }

    /** Records every message published on {@code channel} from now on. */
    public List<String> spy(String channel) {
        List<String> seen = new CopyOnWriteArrayList<>();
        if (clusterClient != null) {
            StatefulRedisClusterPubSubConnection<String, String> c = clusterClient.connectPubSub();
            c.addListener(new RedisClusterPubSubAdapter<>() {
                @Override
                public void smessage(RedisClusterNode node, String ch, String message) {
                    seen.add(message);
                }
            });
            c.sync().ssubscribe(channel);
        } else {
            StatefulRedisPubSubConnection<String, String> c = client.connectPubSub();
            c.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String ch, String message) {
                    seen.add(message);
                }
            });
            c.sync().subscribe(channel);
        }
        return seen;
    }

    /** Publishes as the nodes do. */
    public void publish(String channel, String message) {
        if (clusterClient != null) {
            sync.spublish(channel, message);
        } else {
            sync.publish(channel, message);
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.shutdown();
        } else {
            clusterClient.shutdown();
        }
    }
}
