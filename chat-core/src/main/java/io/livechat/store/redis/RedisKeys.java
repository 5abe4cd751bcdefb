package io.livechat.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The Redis key and channel layout that every role shares; the only place key names are spelled.
 *
 * <p>Ready for Redis Cluster: the keys one Lua script touches always share a hash tag. A conversation's keys
 * (state, log, client ids, visitor lease) and the transcript stream it hands its messages to carry the tag of
 * the conversation's shard, {@code {sN}}; the shards spread conversations and the transcript hand-off over the
 * cluster's masters. Agents' presence and the waiting queue, the only work that spans conversations, share the
 * tag {@code {agents}}. The number of shards is fixed for the life of a deployment's Redis data.
 */
public final class RedisKeys {

    public static final String TRANSCRIPT_GROUP = "transcript-writers";

    /** The transcript stream of versions before the shards; still drained so that nothing in it is lost. */
    public static final String LEGACY_TRANSCRIPT_STREAM = "chat:transcripts";

    /** Hash: site key -> JSON {"name":…,"allowedOrigins":[…]}; written by the agent server, read by gateways. */
    public static final String SITES = "chat:sites";

    private static final String AGENTS = "chat:{agents}:";
    /** Sorted set: available agent -> number of open conversations (the assignment load). */
    public static final String AGENTS_LOAD = AGENTS + "load";
    /** Sorted set: agent -> when its desk lease expires (ms, Redis clock). */
    public static final String AGENTS_LEASES = AGENTS + "leases";
    /** Hash: agent -> the agent-server node holding its desk. */
    public static final String AGENTS_NODES = AGENTS + "nodes";
    /** Sorted set of conversations waiting for an agent, scored by the time they started waiting. */
    public static final String QUEUE = AGENTS + "queue";
    /** Hash: conversation -> its assigned agent (open conversations only). */
    public static final String ASSIGNEE = AGENTS + "assignee";
    /** Sorted set, all scores 0: {@code agentId:conversationId} per open assignment, read by lexical range. */
    public static final String ASSIGNED = AGENTS + "assigned";

    private final int shards;

    public RedisKeys(int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1");
        }
        this.shards = shards;
    }

    public int shards() {
        return shards;
    }

    /** The shard of a conversation: a stable hash of its id. */
    public int shardOf(String conversationId) {
        CRC32 crc = new CRC32();
        crc.update(conversationId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }

    private static String shardPrefix(int shard) {
        return "chat:{s" + shard + "}:";
    }

    /** Stream that hands the messages of one shard's conversations to the transcript writers. */
    public String transcripts(int shard) {
        return shardPrefix(shard) + "transcripts";
    }

    /** Hash of a conversation: seq, site, visitor, agent, status, created, receipt marks. */
    public String conversation(String conversationId) {
        return shardPrefix(shardOf(conversationId)) + "c:" + conversationId;
    }

    /** Sorted set: seq -> event JSON, capped to the history limit. */
    public String conversationLog(String conversationId) {
        return conversation(conversationId) + ":log";
    }

    /** Hash: clientMsgId -> seq, for idempotent sends. */
    public String conversationIds(String conversationId) {
        return conversation(conversationId) + ":ids";
    }

    /** String: the gateway node that holds the conversation's visitor session now (expires unless renewed). */
    public String visitorNode(String conversationId) {
        return conversation(conversationId) + ":vnode";
    }

    /** Hash of a visitor session: site, conv, name, email, page, referrer, browser, created. */
    public static String visitorSession(String sid) {
        return "chat:vs:" + sid;
    }

    /** String: a single-use WebSocket ticket -> the bearer token it stands for, expiring within seconds. */
    public static String socketTicket(String ticket) {
        return "chat:ticket:" + ticket;
    }

    /** Pub/sub channel of one node (gateway or agent server). */
    public static String nodeChannel(String nodeId) {
        return "chat:node:" + nodeId;
    }
}
