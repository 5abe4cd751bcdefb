package io.livechat.load.lb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.livechat.load.target.ClusterServers;
import io.livechat.load.target.ProcStats;
import io.livechat.protocol.Json;
import io.livechat.config.ChatConfig;
import io.livechat.store.redis.RedisKeys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the servers say, not what the generator assumes: which node the Redis registry names for each session
 * ({@link RedisKeys#visitorNode}, read per conversation shard), and each live gateway's takeover counter and visitor connection gauges from its
 * {@code /metrics}. Read from the main thread only.
 */
public final class ServerView implements AutoCloseable {

    private final ClusterServers cluster;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> redis;

    public ServerView(ClusterServers cluster) {
        this.cluster = cluster;
        this.client = RedisClient.create(cluster.redisUrl());
        this.redis = client.connect();
    }

    /** One reading of the cluster. */
    public record Snapshot(Map<String, String> nodeOfSession, Map<String, Long> takeovers,
                           Map<String, Long> wsConnections, Map<String, Long> heldPolls) {

        /** Sessions per node id (a session the registry names no node for counts under "none"). */
        public Map<String, Integer> perNode() {
            Map<String, Integer> n = new TreeMap<>();
            nodeOfSession.values().forEach(node -> n.merge(node, 1, Integer::sum));
            return n;
        }

        public ObjectNode json() {
            ObjectNode j = Json.object();
            j.set("visitorsPerNode", Json.MAPPER.valueToTree(perNode()));
            j.set("takeoversTotal", Json.MAPPER.valueToTree(takeovers));
            j.set("wsConnections", Json.MAPPER.valueToTree(wsConnections));
            j.set("heldLongPolls", Json.MAPPER.valueToTree(heldPolls));
            return j;
        }
    }

    /** Reads the registry entry of every session (given with its conversation) and every live gateway's metrics. */
    public Snapshot read(Map<String, String> conversationBySid, List<Integer> deadGateways) {
        RedisKeys keys = new RedisKeys(ChatConfig.DEFAULT_REDIS_SHARDS);
        Map<String, String> nodes = new LinkedHashMap<>();
        conversationBySid.forEach((sid, conv) -> {
            String node = redis.sync().get(keys.visitorNode(conv));
            nodes.put(sid, node == null ? "none" : node);
        });
        Map<String, Long> takeovers = new TreeMap<>();
        Map<String, Long> ws = new TreeMap<>();
        Map<String, Long> polls = new TreeMap<>();
        List<Integer> ports = cluster.gatewayPorts();
        for (int g = 0; g < ports.size(); g++) {
            if (deadGateways.contains(g)) {
                continue;
            }
            String node = cluster.gatewayNodeId(g);
            int port = ports.get(g);
            takeovers.put(node, ProcStats.metric("127.0.0.1", port, "chat_session_takeovers_total", ""));
            ws.put(node, ProcStats.metric("127.0.0.1", port, "chat_connections{", "transport=\"websocket\""));
            polls.put(node, ProcStats.metric("127.0.0.1", port, "chat_connections{", "transport=\"longpoll\""));
        }
        return new Snapshot(nodes, takeovers, ws, polls);
    }

    @Override
    public void close() {
        redis.close();
        client.shutdown();
    }
}
