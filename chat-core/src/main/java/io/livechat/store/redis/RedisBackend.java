package io.livechat.store.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.livechat.protocol.ChatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Lettuce client of a process, for one Redis or a Redis Cluster: its shared connection for commands, and
 * further connections (pub/sub, a writer's blocking reads) that it closes on {@link #close()}.
 */
public final class RedisBackend implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisBackend.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private final RedisClusterClient clusterClient;
    private final StatefulConnection<String, String> shared;
    private final RedisClusterAsyncCommands<String, String> async;
    private final RedisURI uri; // one Redis's address; null on a cluster
    private final List<StatefulConnection<String, String>> others = new CopyOnWriteArrayList<>();

    static {
        ChatException.registerStoreFailure(RedisException.class);
    }

    private RedisBackend(RedisClient client, RedisURI uri, RedisClusterClient clusterClient) {
        this.client = client;
        this.uri = uri;
        this.clusterClient = clusterClient;
        if (client != null) {
            StatefulRedisConnection<String, String> c = client.connect();
            shared = c;
            async = c.async();
        } else {
            StatefulRedisClusterConnection<String, String> c = clusterClient.connect();
            shared = c;
            async = c.async();
        }
    }

    /**
     * Connects to one Redis ({@code redisUrl}) or, when {@code clusterSeeds} (comma-separated URIs) is not empty,
     * to a Redis Cluster through those seed nodes.
     */
    public static RedisBackend connect(String redisUrl, String clusterSeeds) {
        if (clusterSeeds == null || clusterSeeds.isBlank()) {
            RedisURI uri = RedisURI.create(redisUrl);
            RedisClient client = RedisClient.create(uri);
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    // fail fast while Redis is down: callers answer 503 and clients retry with the same ids
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                    .build());
            return new RedisBackend(client, uri, null);
        }
        List<RedisURI> seeds = Arrays.stream(clusterSeeds.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(RedisURI::create).toList();
        RedisClusterClient cluster = RedisClusterClient.create(seeds);
        cluster.setOptions(ClusterClientOptions.builder()
                .autoReconnect(true)
                // not REJECT_COMMANDS as on one Redis: a cluster connects to each node lazily, and the first command
                // (an SSUBSCRIBE) would be refused before its node's connection is up; commands queued for a node
                // that is down fail with the 2 s command timeout, or at once when the node filter drops the node
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                // a failover moves slots to a promoted replica: learn the new layout from MOVED replies and
                // disconnects at once, and check it every few seconds in any case
                // Lettuce's adaptive triggers (all on by default) allow one refresh per 5 s unless told otherwise;
                // measured: writes resumed 2.9 s after a master's SIGKILL with these, 10 s with the defaults
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                        .enablePeriodicRefresh(Duration.ofSeconds(2))
                        .build())
                // leave failed nodes out of the topology: commands queued for a dead master fail at once (callers
                // answer 503 and clients retry with the same ids) instead of waiting out their timeout
                .nodeFilter(n -> !(n.is(RedisClusterNode.NodeFlag.FAIL) || n.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)
                        || n.is(RedisClusterNode.NodeFlag.NOADDR)))
                .build());
        return new RedisBackend(null, null, cluster);
    }

    /**
     * Runs {@code hook} after each change of the cluster's topology (a failover, a resharding); called on a Lettuce
     * thread, so the hook must only hand work off. Never called on one Redis.
     */
    public void onTopologyChange(Runnable hook) {
        if (clusterClient != null) {
            clusterClient.getResources().eventBus().get()
                    .filter(event -> event instanceof ClusterTopologyChangedEvent)
                    .subscribe(event -> hook.run());
        }
    }

    /** True when connected to a Redis Cluster. */
    public boolean cluster() {
        return clusterClient != null;
    }

    /** The shared connection's commands; futures complete on Lettuce I/O threads. */
    public RedisClusterAsyncCommands<String, String> async() {
        return async;
    }

    /**
     * Connections of their own for writes acknowledged after {@code WAIT replicas timeout}, closed with the backend.
     */
    ReplicatedWrites replicatedWrites(int replicas, Duration timeout) {
        List<ReplicatedWrites.Lane> lanes = new java.util.ArrayList<>();
        for (int i = 0; i < ReplicatedWrites.LANES; i++) {
            if (client != null) {
                StatefulRedisConnection<String, String> c = client.connect();
                others.add(c);
                lanes.add(new ReplicatedWrites.Lane(c, c.async()));
            } else {
                StatefulRedisClusterConnection<String, String> c = clusterClient.connect();
                others.add(c);
                lanes.add(new ReplicatedWrites.Lane(c, c.async()));
            }
        }
        return new ReplicatedWrites(lanes, replicas, timeout);
    }

    /** A new pub/sub connection (a cluster pub/sub connection on a cluster), closed with the backend. */
    public StatefulRedisPubSubConnection<String, String> newPubSub() {
        StatefulRedisPubSubConnection<String, String> c = client != null ? client.connectPubSub()
                : clusterClient.connectPubSub();
        others.add(c);
        return c;
    }

    /** Like {@link #newPubSub}, without blocking: for replacing a subscription from a timer or an I/O thread. */
    public CompletableFuture<StatefulRedisPubSubConnection<String, String>> newPubSubAsync() {
        CompletableFuture<StatefulRedisPubSubConnection<String, String>> c = client != null
                ? client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture()
                : clusterClient.connectPubSubAsync(StringCodec.UTF8).thenApply(x -> x);
        return c.thenApply(x -> {
            others.add(x);
            return x;
        });
    }

    /**
     * A connection of its own for blocking calls (a writer thread), with a bounded command timeout so that closing
     * is never stuck behind a command queued while Redis is away. The caller closes it.
     */
    public SyncConnection newSync(Duration timeout) {
        if (client != null) {
            StatefulRedisConnection<String, String> c = client.connect();
            c.setTimeout(timeout);
            return new SyncConnection(c, c.sync());
        }
        StatefulRedisClusterConnection<String, String> c = clusterClient.connect();
        c.setTimeout(timeout);
        return new SyncConnection(c, c.sync());
    }

    /**
     * A connection for blocking calls and its commands.
     *
     * @param connection the connection, closed by {@link #close()}
     * @param commands   its blocking commands
     */
    public record SyncConnection(StatefulConnection<String, String> connection,
                                 RedisClusterCommands<String, String> commands) implements AutoCloseable {
        @Override
        public void close() {
            connection.close();
        }
    }

    @Override
    public void close() {
        others.forEach(c -> quietly(c::close));
        quietly(shared::close);
        if (client != null) {
            quietly(client::shutdown);
        } else {
            quietly(clusterClient::shutdown);
        }
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.debug("while closing: {}", e.toString());
        }
    }
}
