package io.livechat.store.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes that are acknowledged only after {@code WAIT}: Redis replicates asynchronously, so a write the master
 * confirmed may be lost when a replica is promoted; {@code WAIT n timeout} holds the answer until n replicas have
 * it (or the timeout passes). {@code WAIT} counts the writes of the connection it is sent on and holds that
 * connection until it returns, so the writes go over a few connections of their own ({@link #LANES}), never the
 * shared one; on a cluster it is sent to the master of the written key's slot, on the very node connection the
 * write used (a keyless command on the cluster connection would go to some other node).
 */
final class ReplicatedWrites implements AutoCloseable {

    /** Connections writes are spread over: {@code WAIT} serialises the writes of one connection. */
    static final int LANES = 8;

    /**
     * One connection for writes and its {@code WAIT}.
     *
     * @param connection the connection (a cluster connection on a cluster)
     * @param commands   its commands
     */
    record Lane(StatefulConnection<String, String> connection, RedisClusterAsyncCommands<String, String> commands) {
    }

    private final List<Lane> lanes;
    private final int replicas;
    private final long timeoutMillis;
    private final AtomicInteger next = new AtomicInteger();

    ReplicatedWrites(List<Lane> lanes, int replicas, Duration timeout) {
        this.lanes = List.copyOf(lanes);
        this.replicas = replicas;
        this.timeoutMillis = timeout.toMillis();
    }

    int replicas() {
        return replicas;
    }

    /** The lane for the next write. */
    Lane lane() {
        return lanes.get(Math.floorMod(next.getAndIncrement(), lanes.size()));
    }

    /** Waits until the replicas have every write {@code lane} made so far; completes with how many confirmed. */
    CompletableFuture<Long> await(Lane lane, String key) {
        if (lane.connection() instanceof StatefulRedisClusterConnection<String, String> cluster) {
            RedisClusterNode master = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
            if (master == null) {
                return CompletableFuture.completedFuture(0L); // no master serves the slot right now: a failover
            }
            RedisURI uri = master.getUri();
            // the async lookup: the synchronous one may connect, and this runs on a Lettuce I/O thread
            return cluster.getConnectionAsync(uri.getHost(), uri.getPort()).thenCompose(node ->
                    node.async().waitForReplication(replicas, timeoutMillis).toCompletableFuture());
        }
        return lane.commands().waitForReplication(replicas, timeoutMillis).toCompletableFuture();
    }

    @Override
    public void close() {
        lanes.forEach(l -> l.connection().close());
    }
}
