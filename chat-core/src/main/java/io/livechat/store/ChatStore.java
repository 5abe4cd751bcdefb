package io.livechat.store;

import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.livechat.protocol.ChatException;
import io.livechat.protocol.ErrorCode;
import io.livechat.protocol.MessageJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The recoverable conversation log and session registry in Redis, shared by both tiers.
 *
 * <p>All calls are asynchronous; their futures complete on Lettuce I/O threads, so continuations must stay small
 * and must not block.
 */
public final class ChatStore {

    private static final LuaScript CREATE = LuaScript.load("create_session");
    private static final LuaScript ATTACH = LuaScript.load("attach");
    private static final LuaScript ACCEPT = LuaScript.load("accept");
    private static final LuaScript RELEASE = LuaScript.load("release");
    private static final LuaScript REFRESH_MANY = LuaScript.load("refresh_many");
    private static final LuaScript RECEIPT = LuaScript.load("receipt");
    private static final LuaScript CLOSE = LuaScript.load("close");

    private final RedisAsyncCommands<String, String> redis;
    private final int historyCap;
    private final long ttlSeconds;
    private final int registryTtlSeconds;

    public ChatStore(RedisAsyncCommands<String, String> redis, int historyCap, int sessionTtlDays,
                     int registryTtlSeconds) {
        this.redis = redis;
        this.historyCap = historyCap;
        this.ttlSeconds = TimeUnit.DAYS.toSeconds(sessionTtlDays);
        this.registryTtlSeconds = registryTtlSeconds;
    }

    public RedisAsyncCommands<String, String> redis() {
        return redis;
    }

    public int registryTtlSeconds() {
        return registryTtlSeconds;
    }

    /** Creates a visitor session and its conversation; the details are what the desk shows about the visitor. */
    public CompletableFuture<Void> createSession(String sid, String conversationId, String siteKey,
                                                 VisitorDetails details) {
        String[] keys = {RedisKeys.visitorSession(sid), RedisKeys.conversation(conversationId)};
        return CREATE.<Long>run(redis, ScriptOutputType.INTEGER, keys, sid, conversationId, siteKey,
                nz(details.name()), nz(details.email()), nz(details.page()), String.valueOf(System.currentTimeMillis()),
                String.valueOf(ttlSeconds), nz(details.referrer()), nz(details.browser())).thenApply(x -> null);
    }

    /** Records the session on {@code nodeId} and returns a snapshot; completes with null for unknown sessions. */
    public CompletableFuture<AttachResult> attach(String sid, String nodeId, int recentEvents) {
        String[] keys = {RedisKeys.visitorSession(sid), RedisKeys.visitorNode(sid)};
        return ATTACH.<List<Object>>run(redis, ScriptOutputType.MULTI, keys, nodeId,
                String.valueOf(registryTtlSeconds), String.valueOf(recentEvents), RedisKeys.CONV_PREFIX,
                RedisKeys.CONV_SUFFIX).thenApply(ChatStore::toAttach);
    }

    private static AttachResult toAttach(List<Object> r) {
        if (r == null || r.size() < 5 || r.get(0) == null) {
            return null;
        }
        List<SeqEvent> events = new ArrayList<>(r.size() - 5);
        for (int i = 5; i < r.size(); i++) {
            String json = (String) r.get(i);
            events.add(new SeqEvent(seqOf(json), json));
        }
        return new AttachResult((String) r.get(0), (String) r.get(1), (String) r.get(2), (String) r.get(3),
                Long.parseLong((String) r.get(4)), events);
    }

    /** Accepts a message exactly once per clientMsgId; fails with a {@link ChatException} on refusal. */
    public CompletableFuture<AcceptResult> accept(NewMessage m) {
        String c = m.conversationId();
        String[] keys = {RedisKeys.conversation(c), RedisKeys.conversationLog(c), RedisKeys.conversationIds(c),
            RedisKeys.TRANSCRIPT_STREAM, RedisKeys.AGENTS_ONLINE, RedisKeys.QUEUE};
        long ts = System.currentTimeMillis();
        return ACCEPT.<List<Object>>run(redis, ScriptOutputType.MULTI, keys, c, m.clientMsgId(), m.from(),
                        m.senderId(), nz(m.senderName()), m.text(), String.valueOf(ts), String.valueOf(historyCap),
                        String.valueOf(ttlSeconds), MessageJson.prefix(c),
                        MessageJson.suffix(m.clientMsgId(), m.from(), m.senderId(), m.senderName(), m.text(), m.event(),
                                ts),
                        RedisKeys.VISITOR_PREFIX, RedisKeys.AGENT_PREFIX, RedisKeys.NODE_SUFFIX,
                        nz(m.requiredAgentId()))
                .handle((r, error) -> {
                    if (error != null) {
                        throw mapScriptError(error);
                    }
                    return toAccept(r);
                });
    }

    private static RuntimeException mapScriptError(Throwable error) {
        String msg = String.valueOf(error.getMessage());
        if (msg.contains("NOCONV")) {
            return new ChatException(ErrorCode.UNKNOWN_SESSION, "no such conversation");
        }
        if (msg.contains("NOTASSIGNED")) {
            return new ChatException(ErrorCode.NOT_ASSIGNED);
        }
        return error instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(error);
    }

    private static AcceptResult toAccept(List<Object> r) {
        long seq = (Long) r.get(0);
        if ((Long) r.get(1) == 1L) {
            return new AcceptResult(seq, true, null, "", "", "", "", false);
        }
        return new AcceptResult(seq, false, new SeqEvent(seq, (String) r.get(2)), (String) r.get(3),
                (String) r.get(4), (String) r.get(5), (String) r.get(6), (Long) r.get(7) == 1L);
    }

    /**
     * Records a delivered/read receipt ({@code field} is e.g. {@code visitorRead}); completes with the route to
     * pass it on, or null when it did not move the mark (an older or repeated receipt).
     */
    public CompletableFuture<ConversationRoute> receipt(String conversationId, String field, long seq) {
        return RECEIPT.<List<Object>>run(redis, ScriptOutputType.MULTI,
                new String[]{RedisKeys.conversation(conversationId)}, field, String.valueOf(seq),
                RedisKeys.VISITOR_PREFIX, RedisKeys.AGENT_PREFIX, RedisKeys.NODE_SUFFIX).handle((r, error) -> {
                    if (error != null) {
                        if (String.valueOf(error.getMessage()).contains("AHEAD")) {
                            throw new ChatException(ErrorCode.CURSOR_AHEAD, "seq beyond the last message");
                        }
                        throw mapScriptError(error);
                    }
                    return (Long) r.get(0) == 1L ? new ConversationRoute((String) r.get(1), (String) r.get(2),
                            (String) r.get(3), (String) r.get(4)) : null;
                });
    }

    /** Closes the conversation for its agent; completes true when it was open. */
    public CompletableFuture<Boolean> close(String conversationId, String agentId) {
        String[] keys = {RedisKeys.conversation(conversationId), RedisKeys.agentConversations(agentId),
            RedisKeys.AGENTS_ONLINE};
        return CLOSE.<Long>run(redis, ScriptOutputType.INTEGER, keys, conversationId, agentId).handle((r, error) -> {
            if (error != null) {
                throw mapScriptError(error);
            }
            return r == 1L;
        });
    }

    /** Events with {@code afterSeq < seq <= uptoSeq} (upto &lt; 0: no upper bound), in order. */
    public CompletableFuture<List<SeqEvent>> range(String conversationId, long afterSeq, long uptoSeq) {
        Range<Long> range = Range.from(Range.Boundary.excluding(afterSeq),
                uptoSeq < 0 ? Range.Boundary.unbounded() : Range.Boundary.including(uptoSeq));
        return redis.zrangebyscore(RedisKeys.conversationLog(conversationId), range).toCompletableFuture()
                .thenApply(list -> {
                    List<SeqEvent> out = new ArrayList<>(list.size());
                    for (String json : list) {
                        out.add(new SeqEvent(seqOf(json), json));
                    }
                    return out;
                });
    }

    /** Keeps a registry entry alive; completes false when another node holds it now. */
    public CompletableFuture<Boolean> refresh(String registryKey, String nodeId) {
        return refreshAll(List.of(registryKey), nodeId).thenApply(held -> held.get(0));
    }

    /** {@link #refresh} for many keys in one round trip; the list says, per key, whether this node holds it. */
    public CompletableFuture<List<Boolean>> refreshAll(List<String> registryKeys, String nodeId) {
        return REFRESH_MANY.<List<Object>>run(redis, ScriptOutputType.MULTI, registryKeys.toArray(String[]::new),
                nodeId, String.valueOf(registryTtlSeconds)).thenApply(r -> {
                    List<Boolean> out = new ArrayList<>(r.size());
                    r.forEach(v -> out.add(Long.valueOf(1L).equals(v)));
                    return out;
                });
    }

    public CompletableFuture<Boolean> release(String registryKey, String nodeId) {
        return RELEASE.<Long>run(redis, ScriptOutputType.INTEGER, new String[]{registryKey}, nodeId)
                .thenApply(r -> r == 1L);
    }

    public CompletableFuture<String> get(String key) {
        return redis.get(key).toCompletableFuture();
    }

    public CompletableFuture<Map<String, String>> hash(String key) {
        return redis.hgetall(key).toCompletableFuture();
    }

    /** The seq of a stored event, read without a full parse (it always follows {@code "seq":}). */
    static long seqOf(String json) {
        int i = json.indexOf("\"seq\":") + 6;
        long v = 0;
        while (i < json.length() && Character.isDigit(json.charAt(i))) {
            v = v * 10 + (json.charAt(i++) - '0');
        }
        return v;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
