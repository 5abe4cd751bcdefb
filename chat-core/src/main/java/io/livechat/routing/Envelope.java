package io.livechat.routing;

/**
 * One message on a node channel: what it is, whom it is for, and the event's JSON, carried untouched.
 *
 * <p>Wire form: tab-separated {@code kind target id conversation seq hop flag json}; only the JSON part may
 * contain tabs, so a split with a limit reads it back.
 *
 * @param kind           {@link #EVENT}, {@link #TYPING} (any unsequenced event: typing, receipts), {@link #MOVED},
 *                       {@link #ASSIGN}, {@link #RESTORE}, {@link #RESTORED}, {@link #RESET}, {@link #HISTORY} or
 *                       {@link #HISTORY_PAGE}
 * @param target         {@link #VISITOR} (id is a visitor session id) or {@link #AGENT} (id is an agent id)
 * @param id             whom it is for
 * @param conversationId the conversation
 * @param seq            the event's seq, 0 for unsequenced kinds
 * @param hop            how often it has been forwarded; forwarding stops at {@link #MAX_HOPS}
 * @param flag           kind-specific: for agent events, "assigned" when the conversation was just assigned
 * @param json           the event as clients receive it, or empty
 */
public record Envelope(char kind, char target, String id, String conversationId, long seq, int hop, String flag,
                       String json) {

    public static final char EVENT = 'E';
    public static final char TYPING = 'T';
    public static final char MOVED = 'M';
    /** A waiting conversation was handed to the agent (its messages follow from the log). */
    public static final char ASSIGN = 'A';
    /**
     * A gateway asks the agent tier to restore a visitor's conversation that Redis lost (id: the sid, flag: the
     * asking node, json: the token's site key); sent to {@link #AGENT_TIER}.
     */
    public static final char RESTORE = 'R';
    /** The answer to {@link #RESTORE} (id: the sid, seq: last seq, flag: {@code ok} or {@code none}, json: epoch). */
    public static final char RESTORED = 'S';
    /** A conversation's log was restored with a new epoch (json: the reset event); followers start again. */
    public static final char RESET = 'X';
    /**
     * A gateway asks the agent tier for events older than a conversation's log, from PostgreSQL (id: the request,
     * seq: after, flag: the asking node, json: upto); sent to {@link #AGENT_TIER}.
     */
    public static final char HISTORY = 'H';
    /** The answer to {@link #HISTORY} (id: the request, flag: {@code ok} or {@code error}, json: the events array). */
    public static final char HISTORY_PAGE = 'P';
    /** The channel every agent-server node listens on for {@link #RESTORE} requests besides its own. */
    public static final String AGENT_TIER = "agent-tier";
    public static final char VISITOR = 'v';
    public static final char AGENT = 'a';
    public static final String ASSIGNED = "assigned";
    public static final int MAX_HOPS = 2;

    public String encode() {
        return kind + "\t" + target + "\t" + id + "\t" + conversationId + "\t" + seq + "\t" + hop + "\t" + flag
                + "\t" + json;
    }

    /** Parses the wire form; throws IllegalArgumentException for anything malformed. */
    public static Envelope decode(String wire) {
        String[] p = wire.split("\t", 8);
        if (p.length != 8 || p[0].length() != 1 || p[1].length() != 1) {
            throw new IllegalArgumentException("malformed envelope");
        }
        return new Envelope(p[0].charAt(0), p[1].charAt(0), p[2], p[3], Long.parseLong(p[4]),
                Integer.parseInt(p[5]), p[6], p[7]);
    }

    public Envelope forwarded() {
        return new Envelope(kind, target, id, conversationId, seq, hop + 1, flag, json);
    }
}
