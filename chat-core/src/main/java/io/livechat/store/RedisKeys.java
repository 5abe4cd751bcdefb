package io.livechat.store;

/**
 * The Redis key and channel layout that every role shares; the only place key names are spelled.
 *
 * <p>Per-conversation keys carry the conversation id in a hash tag ({@code {c:ID}}) so that a later move to Redis
 * Cluster keeps one conversation's keys in one slot.
 */
public final class RedisKeys {

    /** Stream that hands accepted messages to the transcript writers (consumer group {@link #TRANSCRIPT_GROUP}). */
    public static final String TRANSCRIPT_STREAM = "chat:transcripts";
    public static final String TRANSCRIPT_GROUP = "transcript-writers";

    /** Hash: site key -> JSON {"name":…,"allowedOrigins":[…]}; written by the agent server, read by gateways. */
    public static final String SITES = "chat:sites";

    /** Sorted set of online agents, scored by their number of open conversations (the assignment load). */
    public static final String AGENTS_ONLINE = "chat:agents:online";

    /** Sorted set of conversations waiting for an agent, scored by the time they started waiting. */
    public static final String QUEUE = "chat:queue";

    /** Field names of one {@link #TRANSCRIPT_STREAM} entry. */
    public static final String F_CONV = "conv";
    public static final String F_SEQ = "seq";
    public static final String F_CLIENT_MSG_ID = "cmid";
    public static final String F_FROM = "from";
    public static final String F_SENDER_ID = "sender";
    public static final String F_SENDER_NAME = "sname";
    public static final String F_TEXT = "text";
    public static final String F_TS = "ts";
    public static final String F_SITE = "site";
    public static final String F_VISITOR = "visitor";
    public static final String F_AGENT = "agent";

    /** Prefixes the Lua scripts use to build key names from ids they read inside Redis. */
    public static final String VISITOR_PREFIX = "chat:vs:";
    public static final String AGENT_PREFIX = "chat:agent:";
    public static final String NODE_SUFFIX = ":node";
    public static final String CONV_PREFIX = "chat:{c:";
    public static final String CONV_SUFFIX = "}";

    private RedisKeys() {
    }

    /** Pub/sub channel of one node (gateway or agent server). */
    public static String nodeChannel(String nodeId) {
        return "chat:node:" + nodeId;
    }

    /** Hash of a visitor session: site, conv, name, email, created. */
    public static String visitorSession(String sid) {
        return VISITOR_PREFIX + sid;
    }

    /** String: the node id that holds a visitor session now (expires unless refreshed). */
    public static String visitorNode(String sid) {
        return VISITOR_PREFIX + sid + NODE_SUFFIX;
    }

    /** Hash of a conversation: seq, site, visitor, agent, status, created. */
    public static String conversation(String conversationId) {
        return CONV_PREFIX + conversationId + CONV_SUFFIX;
    }

    /** Sorted set: seq -> message JSON, capped to the history limit. */
    public static String conversationLog(String conversationId) {
        return conversation(conversationId) + ":log";
    }

    /** Hash: clientMsgId -> seq, for idempotent sends. */
    public static String conversationIds(String conversationId) {
        return conversation(conversationId) + ":ids";
    }

    /** String: the agent-server node id that holds an agent's desk now (expires unless refreshed). */
    public static String agentNode(String agentId) {
        return AGENT_PREFIX + agentId + NODE_SUFFIX;
    }

    /** Set of the conversation ids assigned to an agent and still open. */
    public static String agentConversations(String agentId) {
        return AGENT_PREFIX + agentId + ":convs";
    }
}
